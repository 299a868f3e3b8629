// LOAD CSV in Chromium: a File handed over with registerCsv (what an
// <input type=file> gives), a URL fetched from the page's server with
// progress, file: URLs refused with a pointer to registerCsv, and worker
// mode (a Blob crosses, a ReadableStream is transferred, the worker fetches
// URLs, and onProgress is called on the page as the worker reads).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startNamidbPages, type NamidbPages } from "./harness/namidb_page.js";

const folder = mkdtempSync(join(tmpdir(), "namidb-csv-browser-"));
writeFileSync(join(folder, "people.csv"), "id,name\n1,Ann\n2,\"Bob, Jr\"\n");

let pages: NamidbPages;
let page: Page;

beforeAll(async () => {
  pages = await startNamidbPages("load-csv", { "/data/": folder });
  page = await pages.open();
});

afterAll(async () => {
  await pages?.close();
  rmSync(folder, { recursive: true, force: true });
});

afterEach(() => {
  expect(pages.browser.takeErrors()).toEqual([]);
});

describe("LOAD CSV in a browser", () => {
  it("loads a registered File and a URL of the page's server, with progress, and refuses file: URLs", async () => {
    const outcome = await page.evaluate(async () => {
      const db = await namidb.open("memory://csv");
      db.registerCsv("upload", new File(["name\nJos\u00e9\n\u65e5\u672c\n"], "upload.csv", { type: "text/csv" }));
      const w = await db.write("LOAD CSV WITH HEADERS FROM 'namidb-data:upload' AS r CREATE (:P {name: r.name})");
      const names = (await db.query("MATCH (p:P) RETURN p.name ORDER BY p.name")).rows;
      const progress: unknown[] = [];
      const fetched = await db.query(
        "LOAD CSV WITH HEADERS FROM $url AS r RETURN toInteger(r.id) AS id, r.name AS name",
        { url: new URL("/data/people.csv", location.href).href },
        { onProgress: (p) => progress.push(p) },
      );
      let file = "";
      try {
        await db.query("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r");
      } catch (err) {
        file = `${(err as { detail: string }).detail}: ${(err as Error).message}`;
      }
      await db.close();
      return { created: w.counters?.nodesCreated, loadCsv: w.loadCsv, names, rows: fetched.rows, progress, file };
    });
    expect(outcome.created).toBe(2);
    expect(outcome.loadCsv).toEqual({ rows: 2, bytes: 18 });
    expect(outcome.names).toEqual([["Jos\u00e9"], ["\u65e5\u672c"]]);
    expect(outcome.rows).toEqual([
      [1, "Ann"],
      [2, "Bob, Jr"],
    ]);
    expect(outcome.progress).toEqual([
      { rows: 0, bytes: 26, totalBytes: 26 },
      { rows: 2, bytes: 26, totalBytes: 26 },
    ]);
    expect(outcome.file).toMatch(/^SourceNotAllowed: .*registerCsv/);
  });

  it("in worker mode takes a Blob, a string and a ReadableStream, fetches URLs in the worker, and reports progress", async () => {
    const outcome = await page.evaluate(async () => {
      const db = await namidb.open("memory://csv-worker", { worker: true });
      db.registerCsv("blob", new Blob(["a,b\n1,2\n"]));
      db.registerCsv("text", "x\n42\n");
      const parts = ["n\n1\n", "2\n3", "\n"].map((p) => new TextEncoder().encode(p));
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const part = parts.shift();
          if (part) controller.enqueue(part);
          else controller.close();
        },
      });
      db.registerCsv("stream", stream);
      const blob = (await db.query("LOAD CSV WITH HEADERS FROM 'namidb-data:blob' AS r RETURN r")).rows;
      const text = (await db.query("LOAD CSV FROM 'namidb-data:text' AS r RETURN r")).rows;
      const streamed = await db.query("LOAD CSV WITH HEADERS FROM 'namidb-data:stream' AS r RETURN sum(toInteger(r.n)) AS s");
      const progress: unknown[] = [];
      const url = await db.query(
        "LOAD CSV FROM $url AS r RETURN count(*) AS n",
        { url: new URL("/data/people.csv", location.href).href },
        { onProgress: (p) => progress.push(p) },
      );
      const refused: string[] = [];
      try {
        await db.query("RETURN 1", {}, { onProgress: 42 as unknown as () => void });
      } catch (err) {
        refused.push((err as Error).name);
      }
      await db.close();
      return {
        blob,
        text,
        streamed: streamed.rows,
        url: url.rows,
        loadCsv: url.loadCsv,
        progress,
        refused,
      };
    });
    expect(outcome.blob).toEqual([[{ a: "1", b: "2" }]]);
    expect(outcome.text).toEqual([[["x"]], [["42"]]]);
    expect(outcome.streamed).toEqual([[6]]);
    expect(outcome.url).toEqual([[3]]);
    expect(outcome.loadCsv).toEqual({ rows: 3, bytes: 26 });
    // The same callbacks as in the page (the first test), sent from the worker.
    expect(outcome.progress).toEqual([
      { rows: 0, bytes: 26, totalBytes: 26 },
      { rows: 3, bytes: 26, totalBytes: 26 },
    ]);
    expect(outcome.refused).toEqual(["InvalidArgumentError"]);
  });
});
