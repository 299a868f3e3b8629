// A namespace on a static host opened from a page in its public read-only
// mode (FetchStore over plain ranged GETs), with OpfsBlockCache as its
// persistent block cache: after a reload, the data files come from OPFS and
// the host sees no request for them.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { open } from "../../../dist/js/node.js";
import { startNamidbPages, type NamidbPages } from "./harness/namidb_page.js";

let pages: NamidbPages;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "namidb-static-"));
  // Published as a folder of files: what `npx namidb-wasm copy` puts on a static host.
  const db = await open(`file:${folder}?ns=cities`);
  await db.write("UNWIND range(1, 300) AS i CREATE (:City {id: i, name: 'city ' + toString(i)})");
  await db.write("MATCH (a:City), (b:City) WHERE b.id = a.id + 1 CREATE (a)-[:ROAD {km: a.id}]->(b)");
  await db.flush();
  await db.close();
  pages = await startNamidbPages("remote-cache", { "/data/": folder });
});

afterAll(async () => {
  await pages?.close();
  await rm(folder, { recursive: true, force: true });
});

afterEach(() => {
  expect(pages.browser.takeErrors()).toEqual([]);
});

describe("a public namespace with an OPFS block cache", () => {
  it("reads the data files from OPFS after a reload", async () => {
    const page = await pages.open();
    const query = async () =>
      page.evaluate(async (url) => {
        const cache = new namidb.OpfsBlockCache({ directory: "remote-cache-test" });
        const db = await namidb.open(url, { mode: "read", remote: { cache: { persistent: cache } } });
        const rows = (await db.query("MATCH (a:City)-[r:ROAD]->(b:City) WHERE a.id >= 298 RETURN a.id, r.km, b.name ORDER BY a.id")).rows;
        const writable = await db.write("CREATE (:City)").catch((e: Error) => e.name);
        await db.close();
        return { rows, writable };
      }, `${pages.server.origin}/data/cities/`);
    const dataFiles = () => pages.server.requests.filter((p) => /\/data\/cities\/(sst|wal)\//.test(p)).length;

    const first = await query();
    expect(first.rows).toEqual([[298, 298, "city 299"], [299, 299, "city 300"]]);
    expect(first.writable).toBe("InvalidArgumentError");
    const fetched = dataFiles();
    expect(fetched).toBeGreaterThan(0);

    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    const again = await query();
    expect(again.rows).toEqual(first.rows);
    // The manifest was read again (it may change); no data file was.
    expect(dataFiles()).toBe(fetched);
    await page.close();
  });
});
