// LOAD CSV through the wasm engine: files in Node, http URLs (a loopback
// server), data handed over with registerCsv, the open() option that turns
// sources off, progress, a malformed file that changes nothing, and a load
// far larger than the statement's memory bound.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open, type CsvProgress } from "../../dist/js/database.js";
import { CypherError, InvalidArgumentError, ResourceExhaustedError } from "../../dist/js/errors.js";

const dir = mkdtempSync(join(tmpdir(), "namidb-csv-"));
const people = join(dir, "people.csv");
writeFileSync(people, "\uFEFFid,name,city\r\n1,Ann,Rome\r\n2,\"Bob, Jr\",\r\n3,Cid\r\n");
const broken = join(dir, "broken.csv");
writeFileSync(broken, "id,name\n1,Ann\n2,Bob,extra\n");

// 200,000 rows of about 38 bytes: about 7.5 MB.
const BIG_ROWS = 200_000;
const big = join(dir, "big.csv");
writeFileSync(
  big,
  "id,name,padding\n" + Array.from({ length: BIG_ROWS }, (_, i) => `${i},name${i},xxxxxxxxxxxxxxxxxxxx\n`).join(""),
);

let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/people.csv") {
      res.writeHead(200, { "content-type": "text/csv" });
      // Sent in pieces, one cut inside a quoted field.
      res.write("id,name\n1,\"Ann ");
      res.end("Smith\"\n2,Bob\n");
      return;
    }
    res.writeHead(404).end("no such file");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function cypherError(promise: Promise<unknown>): Promise<CypherError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CypherError);
  return err as CypherError;
}

describe("LOAD CSV", () => {
  it("reads a file: URL with headers, nulls for empty and missing fields, and the row count", async () => {
    const db = await open("memory://csv-file");
    const url = pathToFileURL(people).href;
    const w = await db.write(
      "LOAD CSV WITH HEADERS FROM $url AS r CREATE (:P {id: toInteger(r.id), name: r.name, city: r.city})",
      { url },
    );
    expect(w.counters?.nodesCreated).toBe(3);
    expect(w.loadCsv).toEqual({ rows: 3, bytes: 50 });
    const r = await db.query("MATCH (p:P) RETURN p.id, p.name, p.city ORDER BY p.id");
    expect(r.rows).toEqual([
      [1, "Ann", "Rome"],
      [2, "Bob, Jr", null],
      [3, "Cid", null],
    ]);
    const lists = await db.query("LOAD CSV FROM $url AS r RETURN r, linenumber() AS line, file() AS f", { url });
    expect(lists.rows[2]).toEqual([["2", "Bob, Jr", null], 3, people]);
    // A relative file: URL is read against the working directory.
    const rel = await db.query(`LOAD CSV FROM 'file:${relative(process.cwd(), people)}' AS r RETURN count(*)`);
    expect(rel.rows).toEqual([[4]]);
    const missing = await cypherError(db.query("LOAD CSV FROM $url AS r RETURN r", { url: pathToFileURL(join(dir, "none.csv")).href }));
    expect(missing.detail).toBe("SourceNotFound");
    await db.close();
  });

  it("streams an http URL from a server, and says what the server answered", async () => {
    const db = await open("memory://csv-http");
    const r = await db.query("LOAD CSV WITH HEADERS FROM $url AS r FIELDTERMINATOR ',' RETURN r.name", { url: `${base}/people.csv` });
    expect(r.rows).toEqual([["Ann Smith"], ["Bob"]]);
    const missing = await cypherError(db.query("LOAD CSV FROM $url AS r RETURN r", { url: `${base}/none.csv` }));
    expect(missing.detail).toBe("SourceNotFound");
    expect(missing.message).toContain("404");
    await db.close();
  });

  it("reads data handed over with registerCsv: a string, a Uint8Array, a ReadableStream", async () => {
    const db = await open("memory://csv-data");
    db.registerCsv("s", "a;b\n1;2\n");
    db.registerCsv("u8", new TextEncoder().encode("x\n\u65e5\u672c\n"));
    const chunks = [new Uint8Array([0x6e, 0x0a, 0xe6]), new Uint8Array([0x97, 0xa5, 0x0a])];
    db.registerCsv(
      "stream",
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
    );
    expect((await db.query("LOAD CSV WITH HEADERS FROM 'namidb-data:s' AS r FIELDTERMINATOR ';' RETURN r")).rows).toEqual([
      [{ a: "1", b: "2" }],
    ]);
    expect((await db.query("LOAD CSV WITH HEADERS FROM 'namidb-data:u8' AS r RETURN r.x")).rows).toEqual([["\u65e5\u672c"]]);
    expect((await db.query("LOAD CSV FROM 'namidb-data:stream' AS r RETURN r")).rows).toEqual([[["n"]], [["\u65e5"]]]);
    // A stream reads once.
    expect((await cypherError(db.query("LOAD CSV FROM 'namidb-data:stream' AS r RETURN r"))).detail).toBe("SourceNotFound");
    expect(db.unregisterCsv("s")).toBe(true);
    expect((await cypherError(db.query("LOAD CSV FROM 'namidb-data:s' AS r RETURN r"))).message).toContain("registerCsv");
    expect(() => db.registerCsv("bad name", "x")).toThrow(InvalidArgumentError);
    expect(() => db.registerCsv("n", 42 as unknown as string)).toThrow(InvalidArgumentError);
    await db.close();
  });

  it("refuses files and URLs the open() option csv turns off, naming the option", async () => {
    const db = await open("memory://csv-off", { csv: { files: false, urls: false } });
    const file = await cypherError(db.query("LOAD CSV FROM $url AS r RETURN r", { url: pathToFileURL(people).href }));
    expect(file.type).toBe("LoadCsvError");
    expect(file.detail).toBe("SourceNotAllowed");
    expect(file.message).toContain("csv.files");
    const url = await cypherError(db.query("LOAD CSV FROM $url AS r RETURN r", { url: `${base}/people.csv` }));
    expect(url.detail).toBe("SourceNotAllowed");
    expect(url.message).toContain("csv.urls");
    const scheme = await cypherError(db.query("LOAD CSV FROM 'ftp://x/y.csv' AS r RETURN r"));
    expect(scheme.detail).toBe("SourceNotAllowed");
    db.registerCsv("ok", "a\n1\n");  // registered data stays readable
    expect((await db.query("LOAD CSV FROM 'namidb-data:ok' AS r RETURN count(*)")).rows).toEqual([[2]]);
    await expect(open("memory://csv-bad", { csv: { files: "no" } as never })).rejects.toThrow(InvalidArgumentError);
    await expect(open("memory://csv-bad", { csv: { disk: true } as never })).rejects.toThrow(/csv\.disk/);
    await db.close();
  });

  it("fails a malformed file naming it and the line, and changes nothing", async () => {
    const db = await open("memory://csv-broken");
    const err = await cypherError(
      db.write("LOAD CSV WITH HEADERS FROM $url AS r CREATE (:P {id: r.id})", { url: pathToFileURL(broken).href }),
    );
    expect(err.type).toBe("LoadCsvError");
    expect(err.detail).toBe("MalformedCsv");
    expect(err.message).toContain(broken);
    expect(err.message).toContain("line 3");
    db.registerCsv("open", 'id\n1\n"2\n3\n');
    const open_ = await cypherError(db.write("LOAD CSV FROM 'namidb-data:open' AS r CREATE (:P {id: r[0]})"));
    expect(open_.message).toContain("line 3");
    expect(open_.message).toContain("never closed");
    expect((await db.query("MATCH (p) RETURN count(p)")).rows).toEqual([[0]]);
    expect(db.staged).toBe(0);
    await db.close();
  });

  it("reports progress per chunk read, with the rows made and the size", async () => {
    const db = await open("memory://csv-progress");
    const calls: CsvProgress[] = [];
    const r = await db.query("LOAD CSV WITH HEADERS FROM $url AS r RETURN count(*)", { url: pathToFileURL(big).href }, {
      onProgress: (p) => calls.push(p),
    });
    expect(r.rows).toEqual([[BIG_ROWS]]);
    expect(r.loadCsv?.rows).toBe(BIG_ROWS);
    const size = r.loadCsv!.bytes;
    expect(calls.length).toBeGreaterThanOrEqual(Math.ceil(size / (1 << 20)));
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]!.bytes).toBeGreaterThanOrEqual(calls[i - 1]!.bytes);
      expect(calls[i]!.rows).toBeGreaterThanOrEqual(calls[i - 1]!.rows);
    }
    expect(calls.at(-1)).toMatchObject({ bytes: size, totalBytes: size });
    expect(calls.at(-1)!.rows).toBeGreaterThan(BIG_ROWS * 0.8);
    await expect(db.query("RETURN 1", {}, { onProgress: 1 as never })).rejects.toThrow(InvalidArgumentError);
    await db.close();
  });

  it("streams 200,000 rows through a statement allowed 4 MiB, which holding them all would break", async () => {
    const db = await open("memory://csv-big");
    const url = pathToFileURL(big).href;
    const limits = { maxMemoryBytes: 4 << 20 };
    const r = await db.query(
      "LOAD CSV WITH HEADERS FROM $url AS r RETURN count(*) AS n, sum(toInteger(r.id)) AS total",
      { url },
      limits,
    );
    expect(r.rows).toEqual([[BIG_ROWS, ((BIG_ROWS - 1) * BIG_ROWS) / 2]]);
    expect(r.loadCsv!.bytes).toBeGreaterThan(7 << 20);
    await expect(db.query("LOAD CSV WITH HEADERS FROM $url AS r RETURN collect(r) AS all", { url }, limits)).rejects.toThrow(
      ResourceExhaustedError,
    );
    await db.close();
  });
});
