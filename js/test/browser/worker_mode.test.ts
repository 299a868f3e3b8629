// Worker mode in Chromium: open(target, { worker: true }) runs the engine in a
// dedicated worker behind Database's methods. A long statement leaves the page
// responsive (and blocks it in-thread, for contrast); AbortSignal and limits
// cross; results and errors are the same as in-thread.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CypherError, DatabaseApi } from "../../../dist/js/index.js";
import { startNamidbPages, type NamidbPages } from "./harness/namidb_page.js";

let pages: NamidbPages;
let page: Page;

beforeAll(async () => {
  pages = await startNamidbPages("worker-mode");
  page = await pages.open();
});

afterAll(async () => {
  await pages?.close();
});

afterEach(() => {
  expect(pages.browser.takeErrors()).toEqual([]);
});

// About a second of engine work that reads nothing from the store.
const LONG = "UNWIND range(1, 700000) AS x RETURN sum(x) AS total";

describe("worker mode", () => {
  it("keeps the page responsive during a long statement, which blocks it in-thread", async () => {
    const outcome = await page.evaluate(async (long) => {
      const ticksDuring = async (db: { query: (q: string) => Promise<{ rows: unknown[][] }> }) => {
        let ticks = 0;
        const timer = setInterval(() => ticks++, 5);
        const result = await db.query(long);
        clearInterval(timer);
        return { ticks, rows: result.rows };
      };
      const inWorker = await namidb.open("memory://busy", { worker: true });
      const worker = await ticksDuring(inWorker);
      const inThread = await namidb.open("memory://busy");
      const thread = await ticksDuring(inThread);
      await inWorker.close();
      await inThread.close();
      return { worker, thread, isWorker: inWorker instanceof namidb.WorkerDatabase };
    }, LONG);
    expect(outcome.isWorker).toBe(true);
    expect(outcome.worker.rows).toEqual([[245000350000]]);
    expect(outcome.thread.rows).toEqual(outcome.worker.rows);
    // The timer kept firing while the worker computed, and could not in-thread.
    expect(outcome.worker.ticks).toBeGreaterThan(10);
    // In-thread the engine only yields every ~25 ms, so the page's timer fires far less often.
    expect(outcome.thread.ticks).toBeLessThan(outcome.worker.ticks / 2);
  });

  it("returns the same values, counters and typed errors as in-thread", async () => {
    const outcome = await page.evaluate(async () => {
      const run = async (db: DatabaseApi) => {
        const w = await db.write("CREATE (a:P {name: $n, big: $big, day: $d})-[:K {w: 1.5}]->(:P {name: 'b'})", {
          n: "a",
          big: 2n ** 60n,
          d: new namidb.CypherDate("2024-02-29"),
        });
        const r = await db.query(
          "MATCH (a:P {name: 'a'})-[k:K]->(b) RETURN a.big AS big, a.day AS day, k.w AS w, b.name AS b, labels(a) AS l",
        );
        let error: Record<string, unknown> = {};
        try {
          await db.query("MATCH (n)\nRETURN m");
        } catch (err) {
          const e = err as CypherError;
          error = { cypher: e instanceof namidb.CypherError, code: e.code, detail: e.detail, line: e.line, column: e.column };
        }
        let limit = "";
        try {
          await db.query("UNWIND [1, 2, 3] AS x RETURN x", {}, { maxRows: 2 });
        } catch (err) {
          limit = (err as Error).name;
        }
        return {
          counters: w.counters,
          columns: r.columns,
          row: r.rows[0]!.map((v: unknown) => (typeof v === "bigint" ? `${v}n` : v instanceof namidb.CypherDate ? `date ${v.iso}` : v)),
          error,
          limit,
        };
      };
      const worker = await namidb.open("memory://same", { worker: true });
      const thread = await namidb.open("memory://same");
      const out = { worker: await run(worker), thread: await run(thread) };
      await worker.close();
      await thread.close();
      return out;
    });
    expect(outcome.worker).toEqual(outcome.thread);
    expect(outcome.worker.row).toEqual([`${2n ** 60n}n`, "date 2024-02-29", 1.5, "b", ["P"]]);
    expect(outcome.worker.error).toEqual({ cypher: true, code: "InvalidArgument", detail: "UndefinedVariable", line: 2, column: 8 });
    expect(outcome.worker.limit).toBe("ResourceExhaustedError");
  });

  it("stages, commits and reads back through the worker, with `staged` kept on the page", async () => {
    const outcome = await page.evaluate(async () => {
      const db = await namidb.open("memory://staging", { worker: true });
      await db.upsertNodes([
        { labels: ["City"], id: "c:1", properties: { name: "Oslo" } },
        { labels: ["City"], id: "c:2", properties: { name: "Bergen" } },
      ]);
      await db.upsertEdge("ROAD", "c:1", "c:2", { km: 463 });
      const staged = db.staged;
      let refused = "";
      await db.upsertEdges([{ type: "ROAD", src: "c:1", dst: "c:404" }]).catch((e: Error) => (refused = e.name));
      const version = await db.commit();
      const after = db.staged;
      const rows = (await db.query("MATCH (a)-[r:ROAD]->(b) RETURN a.name, r.km, b.name")).rows;
      await db.close();
      let closed = "";
      await db.query("RETURN 1").catch((e: Error) => (closed = e.name));
      return { staged, refused, version, after, rows, closed };
    });
    expect(outcome).toEqual({
      staged: 3,
      refused: "NotFoundError",
      version: 1,
      after: 0,
      rows: [["Oslo", 463, "Bergen"]],
      closed: "InvalidArgumentError",
    });
  });

  it("loads in bulk through the worker (binary staging batches), with the progress reported on the page", async () => {
    const outcome = await page.evaluate(async () => {
      const db = await namidb.open("memory://bulk-load", { worker: true });
      const nodes = Array.from({ length: 2500 }, (_, i) => ({ labels: ["N"], id: `n:${i}`, properties: { i, name: `名前 ${i}` } }));
      const relationships = nodes.slice(1).map((n, i) => ({ type: "NEXT", src: `n:${i}`, dst: n.id, properties: { w: BigInt(i) } }));
      const phases: string[] = [];
      const loaded = await namidb.bulkLoad(db, { nodes, relationships }, {
        batchSize: 1000,
        onProgress: (p) => phases.push(`${p.phase}:${p.nodes}:${p.relationships}`),
      });
      const rows = (await db.query("MATCH (a:N {i: 1})-[r:NEXT]->(b) RETURN a.name, r.w, b.i")).rows;
      await db.close();
      return { loaded, phases, rows };
    });
    expect(outcome.loaded).toEqual({ nodes: 2500, relationships: 2499, version: 7 });
    expect(outcome.phases).toEqual([
      "nodes:1000:0", "nodes:2000:0", "nodes:2500:0",
      "relationships:2500:1000", "relationships:2500:2000", "relationships:2500:2499", "flush:2500:2499",
    ]);
    expect(outcome.rows).toEqual([["名前 1", 1, 2]]);
  });

  it("reports db.stats() from the worker as in-thread, with cacheBytes and maxCacheBytes crossing", async () => {
    const outcome = await page.evaluate(async () => {
      const run = async (db: DatabaseApi) => {
        await db.write("UNWIND range(1, 300) AS i CREATE (:N {i: i})");
        await db.flush();
        const rows = (await db.query("MATCH (n:N) RETURN sum(n.i)")).rows;
        const s = await db.stats();
        await db.close();
        return {
          rows,
          capacity: s.cache.capacityBytes,
          start: s.cache.startBytes,
          max: s.cache.maxBytes,
          missed: s.cache.misses > 0,
          held: s.cache.bytes > 0,
          live: s.liveNodes?.maxBytes,
        };
      };
      const options = { cacheBytes: 2 << 20, maxCacheBytes: 6 << 20 };
      return {
        worker: await run(await namidb.open("memory://stats", { ...options, worker: true })),
        thread: await run(await namidb.open("memory://stats", options)),
      };
    });
    expect(outcome.worker).toEqual(outcome.thread);
    expect(outcome.worker).toEqual({ rows: [[45150]], capacity: 2 << 20, start: 2 << 20, max: 6 << 20, missed: true, held: true, live: 6 << 20 });
  });

  it("runs prepared statements in the worker as in-thread, and closes them", async () => {
    const outcome = await page.evaluate(async () => {
      const run = async (db: DatabaseApi) => {
        await db.write("UNWIND range(1, 5) AS i CREATE (:N {i: i, big: i * 1000000000000000000})");
        const add = await db.prepare("CREATE (:Tag {name: $name})");
        const counters = (await add.write({ name: "t" })).counters;
        const find = await db.prepare("MATCH (n:N) WHERE n.i >= $from RETURN n.i AS i, n.big AS big ORDER BY i");
        const rows = [];
        for (const from of [4, 2, 5]) {
          rows.push((await find.query({ from })).rows.map((r) => r.map((v) => (typeof v === "bigint" ? `${v}n` : v))));
        }
        const badParam = await find.query({ from: () => 1 }).catch((e: Error) => e.name);
        const syntax = await db.prepare("MATCH (n RETURN n").catch((e: Error) => e.name);
        await find.close();
        const closed = await find.query({ from: 1 }).catch((e: Error) => `${e.name}: ${e.message}`);
        const other = await db.prepare("RETURN $x AS x");
        const answer = (await other.query({ x: 7 })).rows;
        await db.close();
        const afterClose = await other.query({ x: 1 }).catch((e: Error) => e.name);
        return { counters, rows, badParam, syntax, closed, answer, afterClose, otherClosed: other.closed };
      };
      return {
        worker: await run(await namidb.open("memory://prepared", { worker: true })),
        thread: await run(await namidb.open("memory://prepared")),
      };
    });
    expect(outcome.worker).toEqual(outcome.thread);
    expect(outcome.worker.counters).toMatchObject({ nodesCreated: 1, propertiesSet: 1 });
    expect(outcome.worker.rows[0]).toEqual([
      [4, `${4n * 10n ** 18n}n`],
      [5, `${5n * 10n ** 18n}n`],
    ]);
    expect(outcome.worker.rows[1]!.length).toBe(4);
    expect(outcome.worker.badParam).toBe("InvalidArgumentError");
    expect(outcome.worker.syntax).toBe("CypherError");
    expect(outcome.worker.closed).toMatch(/^InvalidArgumentError: this prepared statement is closed/);
    expect(outcome.worker.answer).toEqual([[7]]);
    expect(outcome.worker.afterClose).toBe("InvalidArgumentError");
    expect(outcome.worker.otherClosed).toBe(true);
  });

  it("cancels a statement in the worker when its AbortSignal fires", async () => {
    const outcome = await page.evaluate(async () => {
      const ns = `cancel-${Date.now()}`;
      const writer = await namidb.open(`opfs://${ns}`, { worker: true });
      const nodes = Array.from({ length: 3000 }, (_, i) => ({ labels: ["N"], id: `n:${i}`, properties: { i, pad: "x".repeat(200) } }));
      await writer.upsertNodes(nodes);
      await writer.upsertEdges(nodes.slice(1).map((n, i) => ({ type: "NEXT", src: `n:${i}`, dst: n.id })));
      await writer.commit();
      await writer.compact();
      await writer.close();
      // A block cache of one byte: every chunk of the statement reads the store.
      const db = await namidb.open(`opfs://${ns}`, { worker: true, mode: "read", cacheBytes: 1 });
      const query = "MATCH (a:N)-[:NEXT]->(b)-[:NEXT]->(c) RETURN count(*) AS n";
      const full = (await db.query(query)).rows;
      const controller = new AbortController();
      const running = db.query(query, {}, { signal: controller.signal });
      controller.abort();
      const cancelled = await running.then(
        () => "completed",
        (e: Error) => `${e.name}: ${e.message}`,
      );
      const early = await db.query(query, {}, { signal: controller.signal }).catch((e: Error) => `${e.name}: ${e.message}`);
      const again = (await db.query(query)).rows;
      await db.close();
      return { full, cancelled, early, again };
    });
    expect(outcome.full).toEqual([[2998]]);
    expect(outcome.cancelled).toMatch(/^AbortError: .*AbortSignal fired/);
    expect(outcome.early).toBe("AbortError: the statement was cancelled before it ran");
    expect(outcome.again).toEqual([[2998]]);
  });

  it("passes timeoutMs to the worker", async () => {
    const outcome = await page.evaluate(async (long) => {
      const db = await namidb.open("memory://timeout", { worker: true, limits: { timeoutMs: 1 } });
      const message = await db.query(long).then(
        () => "completed",
        (e: Error) => `${e.name}: ${e.message}`,
      );
      await db.close();
      return message;
    }, LONG);
    expect(outcome).toMatch(/^TimeoutError: .*time limit of 1 ms/);
  });

  it("refuses what cannot cross to a worker with a typed error", async () => {
    const outcome = await page.evaluate(async () => {
      const store = new namidb.MemoryStore();
      const a = await (namidb.open as (t: unknown, o: unknown) => Promise<unknown>)({ store, namespace: "x" }, { worker: true }).catch(
        (e: Error) => `${e.name}: ${e.message}`,
      );
      const b = await namidb.open("bogus://x", { worker: true }).catch((e: Error) => e.name);
      const c = await namidb
        .open("https://example.com/g/", { worker: true, mode: "read", remote: { fetch: globalThis.fetch } })
        .catch((e: Error) => `${e.name}: ${e.message}`);
      const db = await namidb.open("memory://procedures", { worker: true });
      const d = await db.registerProcedure("test.one() :: (x :: INTEGER?)", () => [{ x: 1 }]).then(
        () => "registered",
        (e: Error) => `${e.name}: ${e.message}`,
      );
      const after = (await db.query("RETURN 1 AS one")).rows;
      await db.close();
      return { a, b, c, d, after };
    });
    expect(outcome.d).toMatch(/^UnsupportedError: registerProcedure\(\) is not available in worker mode/);
    expect(outcome.after).toEqual([[1]]);
    expect(outcome.a).toMatch(/^InvalidArgumentError: in worker mode open\(\) takes a URI/);
    expect(outcome.b).toBe("InvalidArgumentError");
    expect(outcome.c).toMatch(/^InvalidArgumentError: these open\(\) options cannot cross to a worker/);
  });
});
