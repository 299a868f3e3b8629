// FetchStore in Chromium against the project's strict S3 / GCS endpoint on
// another origin, with CORS as the services apply it and the rules that
// docs/stores.md gives users (read from the page, the origin put in): the
// signed mode (presign answered by this test through an exposed function)
// opens, writes, queries and loses a race with ConflictError on S3 and GCS;
// the public mode opens a namespace from its URL; OpfsBlockCache makes a
// reloaded page fetch fewer bytes (counted at the endpoint) for the same
// answers, in the page and in worker mode; and each CORS rule left out fails
// the way a browser makes it fail, with the error that says what to add.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { copyNamespace } from "../../../dist/js/copy.js";
import { FetchStore } from "../../../dist/js/fetch/fetch_store.js";
import type { PresignRequest } from "../../../dist/js/fetch/presign_request.js";
import { open } from "../../../dist/js/node.js";
import { FileStore } from "../../../dist/js/node/file_store.js";
import { Presigner } from "../../../dist/js/presign/presigner.js";
import {
  ObjectEndpoint,
  type CorsConfiguration,
  type EndpointDialect,
  type GcsCorsRule,
  type S3CorsRule,
} from "../support/object_endpoint.js";
import { startNamidbPages, type NamidbPages } from "./harness/namidb_page.js";

const DOCS = new URL("../../../docs/stores.md", import.meta.url);

let pages: NamidbPages;
let origin: string;
let folder: string;
const endpoint = new ObjectEndpoint({ dialect: "s3" });
const presigners = new Map<string, Presigner>();
const dialects = new Map<string, EndpointDialect>();

/** A CORS configuration from docs/stores.md (its fenced block tagged `tag`), for the test page's origin. */
async function documented(tag: string, pageOrigin: string): Promise<CorsConfiguration> {
  const text = await readFile(DOCS, "utf8");
  const block = new RegExp("```json " + tag + "\\n([\\s\\S]*?)```").exec(text);
  if (!block) throw new Error(`docs/stores.md has no \`\`\`json ${tag} block`);
  return JSON.parse(block[1]!.replaceAll("https://app.example.com", pageOrigin)) as CorsConfiguration;
}

function bucket(name: string, dialect: EndpointDialect, cors: CorsConfiguration | null, publicRead = false): void {
  endpoint.configureBucket(name, { dialect, cors, publicRead });
  dialects.set(name, dialect);
  presigners.set(name, new Presigner({
    dialect,
    bucketUrl: `${endpoint.url}/${name}/`,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    region: endpoint.region,
    prefixes: ["*"],
    access: "write",
    unconditionalPuts: true,
  }));
}

/** Puts the namespace "cities" into `name`, from Node (no Origin, so no CORS). */
async function publish(name: string): Promise<void> {
  const presigner = presigners.get(name)!;
  const store = new FetchStore({ dialect: dialects.get(name)!, presignBatch: (r) => presigner.presignBatch(r) });
  await copyNamespace(new FileStore(folder), store, "cities");
}

/** Bytes of GET replies the endpoint sent for `name` since log entry `from`. */
function fetchedBytes(name: string, from: number): { bytes: number; requests: number; dataFiles: number } {
  const gets = endpoint.log.slice(from).filter((r) => r.bucket === name && r.op === "get");
  return {
    bytes: gets.reduce((n, r) => n + r.sent, 0),
    requests: gets.length,
    dataFiles: gets.filter((r) => /\/(sst|wal)\//.test(r.key)).length,
  };
}

/** Console errors since the last check, each of which must match one of `expected`. */
function expectConsoleErrors(expected: RegExp[]): string[] {
  const errors = pages.browser.takeErrors();
  expect(errors.filter((e) => !expected.some((p) => p.test(e)))).toEqual([]);
  return errors;
}

// Chromium logs every 4xx reply of a fetch as a console error; these are the expected ones.
const NO_MANIFEST_YET = /status of 404 \(Not Found\)/;
const LOST_RACE = /status of 412 \(Precondition Failed\)/;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "namidb-cors-"));
  const db = await open(`file:${folder}?ns=cities`);
  await db.write("UNWIND range(1, 400) AS i CREATE (:City {id: i, name: 'city ' + toString(i)})");
  await db.write("MATCH (a:City), (b:City) WHERE b.id = a.id + 1 CREATE (a)-[:ROAD {km: a.id}]->(b)");
  await db.flush();
  await db.close();
  await endpoint.start();
  pages = await startNamidbPages("remote-cors");
  origin = pages.server.origin;
  expect(new URL(origin).port).not.toBe(new URL(endpoint.url).port);  // two origins

  // Buckets set up as docs/stores.md says.
  bucket("s3-app", "s3", await documented("cors-s3", origin));
  bucket("gcs-app", "gcs", await documented("cors-gcs", origin));
  bucket("public", "s3", await documented("cors-s3-public", origin), true);
  // And each with one thing left out.
  bucket("other-origin", "s3", await documented("cors-s3", "https://app.example.com"));
  const s3Rule = (await documented("cors-s3", origin))[0] as S3CorsRule;
  bucket("no-if-match", "s3", [{ ...s3Rule, AllowedHeaders: s3Rule.AllowedHeaders!.filter((h) => h !== "if-match") }]);
  bucket("no-etag", "s3", [{ ...s3Rule, ExposeHeaders: s3Rule.ExposeHeaders!.filter((h) => h !== "ETag") }]);
  const gcsRule = (await documented("cors-gcs", origin))[0] as GcsCorsRule;
  bucket("gcs-no-generation", "gcs", [{ ...gcsRule, responseHeader: gcsRule.responseHeader!.filter((h) => h !== "x-goog-generation") }]);
  const publicRule = (await documented("cors-s3-public", origin))[0] as S3CorsRule;
  bucket("public-no-range", "s3", [{ ...publicRule, ExposeHeaders: publicRule.ExposeHeaders!.filter((h) => h !== "Content-Range") }], true);
  await Promise.all(["s3-app", "gcs-app", "public", "no-if-match", "no-etag", "gcs-no-generation", "public-no-range", "other-origin"].map(publish));

  // The page's presign callback: signed here, as the user's backend would.
  await pages.browser.context.exposeFunction("presignFor", (name: string, requests: PresignRequest[]) => {
    const presigner = presigners.get(name);
    if (!presigner) throw new Error(`no bucket ${name}`);
    return presigner.presignBatch(requests);
  });
});

afterAll(async () => {
  await pages?.close();
  await endpoint.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

afterEach(() => {
  expect(pages.browser.takeErrors()).toEqual([]);
});

/** In the page: a signed FetchStore for bucket `name` (presigned by this test). */
declare global {
  var presignFor: (name: string, requests: PresignRequest[]) => Promise<Array<{ url: string; headers?: Record<string, string> }>>;
}

let unique = 0;

describe.each(["s3", "gcs"] as const)("a page on another origin, signed mode, %s dialect", (dialect) => {
  const name = `${dialect}-app`;

  it("opens, writes and queries; a second writer loses with ConflictError, refreshes and goes on", async () => {
    const ns = `shop-${unique++}`;
    const [a, b] = [await pages.open(), await pages.open()];
    const openWriter = (page: Page) =>
      page.evaluate(async ([name, dialect, ns]) => {
        const store = new namidb.FetchStore({ dialect, presignBatch: (r) => presignFor(name, r), retryBaseMs: 1 });
        pageState["db"] = await namidb.open({ store, namespace: ns, prefix: "graphs" });
      }, [name, dialect, ns] as const);
    const write = (page: Page, n: number) =>
      page.evaluate((n) => pageState["db"].write("CREATE (:Item {n: $n})", { n }).then(() => "ok", (e: Error) => e.name), n);
    const items = (page: Page) =>
      page.evaluate(async () => (await pageState["db"].query("MATCH (i:Item) RETURN i.n ORDER BY i.n")).rows.map((r: unknown[]) => r[0]));

    const from = endpoint.log.length;
    await openWriter(a);
    expect(await write(a, 1)).toBe("ok");
    await a.evaluate(() => pageState["db"].flush());  // data files, read back by ranged GETs
    expect(await write(a, 2)).toBe("ok");
    expect(await items(a)).toEqual([1, 2]);

    await openWriter(b);  // a second writer, on the version a made
    expect(await items(b)).toEqual([1, 2]);
    expect(await write(a, 3)).toBe("ok");
    expect(await write(b, 4)).toBe("ConflictError");
    await b.evaluate(() => pageState["db"].refresh());
    expect(await items(b)).toEqual([1, 2, 3]);
    expect(await write(b, 4)).toBe("ok");
    await a.evaluate(() => pageState["db"].refresh());
    expect(await items(a)).toEqual([1, 2, 3, 4]);
    for (const page of [a, b]) {
      await page.evaluate(() => pageState["db"].close());
      await page.close();
    }
    expectConsoleErrors([NO_MANIFEST_YET, LOST_RACE]);

    // All of it crossed origins: every request came from the page's origin,
    // the conditional PUTs after a preflight the bucket's rules allowed.
    const requests = endpoint.log.slice(from).filter((r) => r.bucket === name);
    expect(requests.every((r) => r.origin === origin)).toBe(true);
    const preflights = requests.filter((r) => r.op === "options");
    expect(preflights.length).toBeGreaterThan(0);
    expect(preflights.every((r) => r.status === 200 && r.fault === undefined)).toBe(true);
    // Every manifest swap went through but the one that lost the race.
    const swaps = requests.filter((r) => r.op === "put" && r.key.endsWith("manifest.json")).map((r) => r.status);
    expect(swaps.filter((s) => s !== 200)).toEqual([412]);
  });
});

describe("the public read-only mode from a page on another origin", () => {
  it("opens a namespace from its URL and refuses writes", async () => {
    const page = await pages.open();
    const outcome = await page.evaluate(async (url) => {
      const db = await namidb.open(url);
      const rows = (await db.query("MATCH (a:City)-[r:ROAD]->(b:City) WHERE a.id >= 398 RETURN a.id, r.km, b.name ORDER BY a.id")).rows;
      const write = await db.write("CREATE (:City)").catch((e: Error) => e.name);
      await db.close();
      return { mode: db.mode, rows, write };
    }, `${endpoint.url}/public/cities/`);
    expect(outcome).toEqual({ mode: "read", rows: [[398, 398, "city 399"], [399, 399, "city 400"]], write: "InvalidArgumentError" });
    await page.close();
  });
});

describe("OpfsBlockCache as a remote namespace's persistent cache", () => {
  const QUERY = "MATCH (a:City)-[:ROAD]->(b:City) WHERE a.id % 50 = 0 RETURN a.name, b.id ORDER BY b.id";

  it("makes a reloaded page fetch fewer bytes for the same answers (signed mode, in the page)", async () => {
    const page = await pages.open();
    const run = () =>
      page.evaluate(async ([bucketUrl, query]) => {
        const store = new namidb.FetchStore({
          presignBatch: (r) => presignFor("s3-app", r),
          cache: { persistent: new namidb.OpfsBlockCache({ directory: "cors-test-signed" }), scope: bucketUrl },
        });
        const db = await namidb.open({ store, namespace: "cities" }, { mode: "read" });
        const rows = (await db.query(query)).rows;
        await db.close();
        return { rows, persistentHits: store.stats.persistentCacheHits };
      }, [`${endpoint.url}/s3-app/`, QUERY] as const);
    let mark = endpoint.log.length;
    const cold = await run();
    const coldBytes = fetchedBytes("s3-app", mark);
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    mark = endpoint.log.length;
    const warm = await run();
    const warmBytes = fetchedBytes("s3-app", mark);

    expect(cold.rows).toHaveLength(7);
    expect(warm.rows).toEqual(cold.rows);
    expect(cold.persistentHits).toBe(0);
    expect(warm.persistentHits).toBeGreaterThan(0);
    expect(coldBytes.dataFiles).toBeGreaterThan(0);
    expect(warmBytes.dataFiles).toBe(0);  // the manifest only
    expect(warmBytes.bytes).toBeLessThan(coldBytes.bytes);
    console.log(JSON.stringify({ suite: "remote_cors", mode: "signed", where: "page", cold: coldBytes, warm: warmBytes }));
    await page.close();
  });

  it("does the same in worker mode, with the FetchStore and the cache in the worker (public mode)", async () => {
    const page = await pages.open();
    const run = () =>
      page.evaluate(async ([url, query]) => {
        const db = await namidb.open(url, {
          worker: true,
          mode: "read",
          remote: { cache: { persistent: new namidb.OpfsBlockCache({ directory: "cors-test-worker" }) } },
        });
        const rows = (await db.query(query)).rows;
        await db.close();
        return { rows, inWorker: db instanceof namidb.WorkerDatabase };
      }, [`${endpoint.url}/public/cities/`, QUERY] as const);
    let mark = endpoint.log.length;
    const cold = await run();
    const coldBytes = fetchedBytes("public", mark);
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    mark = endpoint.log.length;
    const warm = await run();
    const warmBytes = fetchedBytes("public", mark);

    expect(cold.inWorker).toBe(true);
    expect(cold.rows).toHaveLength(7);
    expect(warm.rows).toEqual(cold.rows);
    expect(coldBytes.dataFiles).toBeGreaterThan(0);
    expect(warmBytes.dataFiles).toBe(0);
    expect(warmBytes.bytes).toBeLessThan(coldBytes.bytes);
    console.log(JSON.stringify({ suite: "remote_cors", mode: "public", where: "worker", cold: coldBytes, warm: warmBytes }));
    // The cache is in OPFS, where the worker put it.
    const cached = await page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle("cors-test-worker");
      let files = 0;
      for await (const _ of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) files++;
      return files;
    });
    expect(cached).toBeGreaterThan(0);
    await page.close();
  });
});

describe("CORS rules left out fail as a browser makes them fail, with errors that say what to add", () => {
  let page: Page;
  beforeAll(async () => {
    page = await pages.open();
  });
  afterAll(async () => {
    await page.close();
  });

  const openSigned = (name: string, dialect: EndpointDialect, mode: "read" | "write") =>
    page.evaluate(async ([name, dialect, mode]) => {
      const store = new namidb.FetchStore({ dialect, presignBatch: (r) => presignFor(name, r), retryBaseMs: 1 });
      try {
        pageState["db"] = await namidb.open({ store, namespace: "cities" }, { mode });
        return { ok: true };
      } catch (e) {
        const err = e as Error & { header?: string; setting?: string; code?: string };
        return { ok: false, name: err.name, code: err.code, message: err.message, header: err.header, setting: err.setting, isIoError: err instanceof namidb.IoError };
      }
    }, [name, dialect, mode] as const);

  it("an origin the rules do not allow: the reads fail, retried, with words that name CORS", async () => {
    const outcome = await openSigned("other-origin", "s3", "read");
    expect(outcome).toMatchObject({ ok: false, name: "IoError" });
    expect(outcome.message).toMatch(/failed after 5 attempts: Failed to fetch; in a browser this is also how a request the server's CORS rules refuse fails \(this page's origin http:\/\/127\.0\.0\.1:\d+/);
    // The GET was served (no preflight for it), without CORS headers: the browser hid it.
    const gets = endpoint.log.filter((r) => r.bucket === "other-origin" && r.op === "get" && r.origin === origin);
    expect(gets.length).toBe(5);
    const errors = expectConsoleErrors([/has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header/, /net::ERR_FAILED/]);
    expect(errors.some((e) => /blocked by CORS policy/.test(e))).toBe(true);
  });

  it("a request header the rules do not allow (If-Match): the manifest swap is never sent and nothing changes", async () => {
    const from = endpoint.log.length;
    const outcome = await page.evaluate(async () => {
      const open = (mode: "read" | "write") =>
        namidb.open({ store: new namidb.FetchStore({ presignBatch: (r) => presignFor("no-if-match", r), retryBaseMs: 1 }), namespace: "cities" }, { mode });
      const db = await open("write");
      const write = await db.write("CREATE (:City {id: 0})").then(() => "ok", (e: Error) => `${e.name}: ${e.message}`);
      await db.close();
      const again = await open("read");
      const rows = (await again.query("MATCH (c:City) RETURN count(c), min(c.id)")).rows;
      await again.close();
      return { write, rows };
    });
    expect(outcome.write).toMatch(/^IoError: PUT .*cities\/manifest\.json failed \(not retried: the request is not idempotent\): Failed to fetch; in a browser .*CORS/);
    expect(outcome.rows).toEqual([[400, 1]]);
    const log = endpoint.log.slice(from).filter((r) => r.bucket === "no-if-match" && r.key === "cities/manifest.json");
    expect(log.filter((r) => r.op === "put")).toEqual([]);  // the browser never sent it
    expect(log.some((r) => r.op === "options" && r.status === 403 && /CORS refused/.test(r.fault ?? ""))).toBe(true);
    expectConsoleErrors([/blocked by CORS policy: Response to preflight request doesn't pass access control check/, /net::ERR_FAILED/]);
  });

  it("ETag not exposed (S3): CorsHeaderError names ETag and ExposeHeaders", async () => {
    const outcome = await openSigned("no-etag", "s3", "write");
    expect(outcome).toMatchObject({ ok: false, name: "CorsHeaderError", code: "IoError", isIoError: true, header: "ETag", setting: "ExposeHeaders" });
    expect(outcome.message).toMatch(/reached this page without its ETag header: the CORS rules do not expose it.*Add "ETag" to ExposeHeaders in the bucket's CORS configuration/);
  });

  it("x-goog-generation not exposed (GCS): CorsHeaderError names it and responseHeader", async () => {
    const outcome = await openSigned("gcs-no-generation", "gcs", "read");
    expect(outcome).toMatchObject({ ok: false, name: "CorsHeaderError", header: "x-goog-generation", setting: "responseHeader" });
    expect(outcome.message).toMatch(/Add "x-goog-generation" to responseHeader/);
  });

  it("Content-Range not exposed (public mode, in the page and in worker mode): CorsHeaderError names it", async () => {
    const outcome = await page.evaluate(async (url) => {
      const describe = (e: Error & { header?: string; setting?: string }) => ({ name: e.name, header: e.header, setting: e.setting, message: e.message });
      const query = async (worker: boolean) => {
        try {
          const db = await namidb.open(url, worker ? { worker: true } : {});
          await db.query("MATCH (c:City {id: 7}) RETURN c.name").finally(() => db.close());
          return undefined;
        } catch (e) {
          return describe(e as Error);
        }
      };
      return { page: await query(false), worker: await query(true) };
    }, `${endpoint.url}/public-no-range/cities/`);
    for (const where of [outcome.page, outcome.worker]) {
      expect(where).toMatchObject({ name: "CorsHeaderError", header: "Content-Range", setting: "Access-Control-Expose-Headers" });
      expect(where!.message).toMatch(/Add "Content-Range" to the Access-Control-Expose-Headers the host sends/);
    }
  });
});
