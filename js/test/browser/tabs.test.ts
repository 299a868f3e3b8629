// Many tabs on one OPFS namespace in Chromium: the single-writer rule across
// tabs, a tab closed in the middle of its commits, persistence across a
// reload, and change notifications reaching other tabs and workers.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startNamidbPages, type NamidbPages } from "./harness/namidb_page.js";

let pages: NamidbPages;

beforeAll(async () => {
  pages = await startNamidbPages("tabs");
});

afterAll(async () => {
  await pages?.close();
});

afterEach(() => {
  expect(pages.browser.takeErrors()).toEqual([]);
});

let unique = 0;
const namespace = (what: string) => `${what}-${process.pid}-${unique++}`;

async function openWriter(page: Page, ns: string, worker = false): Promise<void> {
  await page.evaluate(
    async ([ns, worker]) => {
      pageState["db"] = worker ? await namidb.open(`opfs://${ns}`, { worker: true }) : await namidb.open(`opfs://${ns}`);
    },
    [ns, worker] as const,
  );
}

async function notes(page: Page, ns: string): Promise<string[]> {
  return page.evaluate(async (ns) => {
    const db = await namidb.open(`opfs://${ns}`, { mode: "read" });
    const rows = (await db.query("MATCH (n:Note) RETURN n.text ORDER BY n.text")).rows.map((r) => r[0] as string);
    await db.close();
    return rows;
  }, ns);
}

describe("tabs on one OPFS namespace", () => {
  it("lets the first of two racing writers commit; the other gets ConflictError, refreshes and continues", async () => {
    const ns = namespace("race");
    const [a, b] = [await pages.open(), await pages.open()];
    await openWriter(a, ns);
    await a.evaluate(() => pageState["db"].write("CREATE (:Note {text: 'base'})"));
    await openWriter(b, ns);
    await openWriter(a, ns);
    // Both sessions now stand on the same version; both commit at once.
    const write = (page: Page, text: string) =>
      page.evaluate(
        (text) => pageState["db"].write("CREATE (:Note {text: $text})", { text }).then(() => "ok", (e: Error) => e.name),
        text,
      );
    const outcomes = await Promise.all([write(a, "from a"), write(b, "from b")]);
    expect([...outcomes].sort()).toEqual(["ConflictError", "ok"]);
    const acknowledged = ["base", outcomes[0] === "ok" ? "from a" : "from b"];
    expect(await notes(a, ns)).toEqual(acknowledged.sort());

    // Both keep writing, racing: every write is acknowledged or refused with
    // ConflictError (then refresh()); the namespace holds exactly the acknowledged ones.
    const race = (page: Page, who: string) =>
      page.evaluate(async (who) => {
        const db = pageState["db"];
        const acked: string[] = [];
        let conflicts = 0;
        for (let i = 0; i < 12; i++) {
          const text = `${who}-${String(i).padStart(2, "0")}`;
          try {
            await db.write("CREATE (:Note {text: $text})", { text });
            acked.push(text);
          } catch (err) {
            if (!(err instanceof namidb.ConflictError)) throw err;
            conflicts++;
            await db.refresh();
          }
        }
        return { acked, conflicts };
      }, who);
    const [ra, rb] = await Promise.all([race(a, "a"), race(b, "b")]);
    expect(ra.acked.length + rb.acked.length + ra.conflicts + rb.conflicts).toBe(24);
    expect(await notes(b, ns)).toEqual([...acknowledged, ...ra.acked, ...rb.acked].sort());
    await a.close();
    await b.close();
  });

  it("keeps every acknowledged write of a tab closed in the middle of its commits", async () => {
    const ns = namespace("closed");
    const writer = await pages.open();
    const acked: number[] = [];
    let enough: () => void;
    const reached = new Promise<void>((resolve) => (enough = resolve));
    await writer.exposeFunction("acknowledged", (i: number) => {
      acked.push(i);
      if (acked.length === 15) enough();
    });
    await openWriter(writer, ns);
    // Commits one after another until the tab goes away.
    void writer
      .evaluate(async () => {
        const report = (globalThis as unknown as { acknowledged: (i: number) => Promise<void> }).acknowledged;
        for (let i = 0; ; i++) {
          await pageState["db"].write("CREATE (:Note {text: $t, i: $i})", { t: `note ${i}`, i });
          void report(i);
        }
      })
      .catch(() => undefined);
    await reached;
    await writer.close({ runBeforeUnload: false });
    const seen = acked.slice();

    const reader = await pages.open();
    const found = await reader.evaluate(async (ns) => {
      const db = await namidb.open(`opfs://${ns}`);
      const rows = (await db.query("MATCH (n:Note) RETURN n.i ORDER BY n.i")).rows.map((r) => r[0] as number);
      // The namespace still takes writes.
      await db.write("CREATE (:Note {text: 'after', i: -1})");
      const count = (await db.query("MATCH (n:Note) RETURN count(*)")).rows[0]![0] as number;
      await db.close();
      return { rows, count };
    }, ns);
    for (const i of seen) expect(found.rows).toContain(i);
    // Nothing appears that was never written, and commits landed in order.
    expect(found.rows).toEqual(Array.from({ length: found.rows.length }, (_, i) => i));
    expect(found.count).toBe(found.rows.length + 1);
    await reader.close();
  });

  it("keeps the data across a reload", async () => {
    const ns = namespace("reload");
    const page = await pages.open();
    await openWriter(page, ns);
    await page.evaluate(async () => {
      const db = pageState["db"];
      await db.write("UNWIND range(1, 50) AS i CREATE (:Note {text: 'n' + toString(i)})");
      await db.flush();
      await db.write("CREATE (:Note {text: 'after flush'})");
    });
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    expect(await notes(page, ns)).toHaveLength(51);
    expect(await notes(page, ns)).toContain("after flush");
    await page.close();
  });

  for (const mode of ["in-thread", "worker"] as const) {
    it(`tells a reader in another tab (${mode}) that a newer version exists`, async () => {
      const ns = namespace("notify");
      const [writer, reader] = [await pages.open(), await pages.open()];
      await openWriter(writer, ns);
      await writer.evaluate(() => pageState["db"].write("CREATE (:Note {text: 'first'})"));
      await reader.evaluate(
        async ([ns, worker]) => {
          const db = worker
            ? await namidb.open(`opfs://${ns}`, { mode: "read", worker: true })
            : await namidb.open(`opfs://${ns}`, { mode: "read" });
          pageState["reader"] = db;
          pageState["changes"] = [];
          db.subscribe((change) => pageState["changes"].push(change.version));
        },
        [ns, mode === "worker"] as const,
      );
      const before = await reader.evaluate(async () => (await pageState["reader"].query("MATCH (n:Note) RETURN count(*)")).rows[0][0]);
      await writer.evaluate(() => pageState["db"].write("CREATE (:Note {text: 'second'})"));
      await reader.waitForFunction(() => pageState["changes"].length > 0);
      const after = await reader.evaluate(async () => {
        const db = pageState["reader"];
        const stale = (await db.query("MATCH (n:Note) RETURN count(*)")).rows[0][0];
        await db.refresh();
        const fresh = (await db.query("MATCH (n:Note) RETURN count(*)")).rows[0][0];
        return { stale, fresh, changes: pageState["changes"] };
      });
      expect(before).toBe(1);
      // The namespace's second version: the reader is told once, and sees it after refresh().
      expect(after).toEqual({ stale: 1, fresh: 2, changes: [2] });
      await writer.close();
      await reader.close();
    });
  }
});
