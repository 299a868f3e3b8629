// The command line (`npm start`): the interactive shell fed through a pipe,
// and the one-shot mode. Each run is a child process in a fresh folder, so
// the default database is created there (with the demo graph when asked for).
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { Shell } from "../../dist/js/shell/shell.js";
import type { GetRequest } from "../../dist/js/store.js";

const CLI = fileURLToPath(new URL("../../dist/js/cli.js", import.meta.url));

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "namidb-shell-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function cli(args: string[], input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("shell", () => {
  it("creates the demo graph once when asked for, runs multi-line statements and commands", async () => {
    const first = await cli(
      ["--demo"],
      [
        "MATCH (p:Person)",
        "RETURN count(p) AS people;",
        ":explain MATCH (p:Person) RETURN p",
        "RETURN m;",
        ":open memory://scratch",
        "CREATE (:A {x: 1});",
        "MATCH (a:A) RETURN a;",
        "",
      ].join("\n"),
    );
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Created the demo graph in file:\.\/\.namidb-data\?ns=demo: 214 nodes/);
    expect(first.stdout).toContain("│ people │");
    expect(first.stdout).toContain("│ 200    │");
    expect(first.stdout).toMatch(/1 row \(\d+\.\d ms\)/);
    expect(first.stdout).toContain("NodeScan :Person");
    expect(first.stdout).toContain("SyntaxError (UndefinedVariable) at line 1, column 8");
    expect(first.stdout).toContain("Connected to memory://scratch.");
    expect(first.stdout).toContain("nodes created: 1");
    expect(first.stdout).toContain("(:A {x: 1})");
    // The second run finds the database and its writes: no second demo graph.
    const second = await cli(["--demo", "-c", "MATCH (n) RETURN count(n) AS n"]);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe("");
    expect(second.stdout).toContain("│ 214 │");
  });

  it("runs one statement with -c against any database and reports errors", async () => {
    const made = await cli(["--db", "file:./mine?ns=g", "-c", "CREATE (:T {k: 'v'}) RETURN 1 AS one"]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("nodes created: 1");
    const read = await cli(["--db", "file:./mine?ns=g", "--read", "-c", "MATCH (t:T) RETURN t.k"]);
    expect(read.stdout).toContain("'v'");
    const temporal = await cli(["--db", "memory://t", "-c", "RETURN time('21:40+01:00') AS t, duration('P1DT2H') AS d"]);
    expect(temporal.stdout).toContain("time('21:40+01:00')");
    expect(temporal.stdout).toContain("duration('P1DT2H')");
    const refused = await cli(["--db", "file:./mine?ns=g", "--read", "-c", "CREATE ()"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("WriteInReadQuery");
    const help = await cli(["--help"]);
    expect(help.stdout).toContain("usage: namidb-wasm");
    const commands = await cli(["--db", "memory://m"], ":help\n:nope\n:quit\nRETURN 1;\n");
    expect(commands.stdout).toContain(":explain <query>");
    expect(commands.stdout).toContain("unknown command :nope");
    expect(commands.stdout).not.toContain("1 row");  // nothing runs after :quit
    const schema = await cli(
      ["--db", "memory://s"],
      "CREATE (:P {name: 'a'})-[:K {w: 1.5}]->(:P); CREATE INDEX p_name FOR (p:P) ON (p.name);\n:schema\n",
    );
    expect(schema.stdout).toMatch(/':`P`'\s*│ 'name'\s*│ \['String'\]\s*│ false/);
    expect(schema.stdout).toMatch(/':`K`'\s*│ 'w'\s*│ \['Double'\]\s*│ true/);
    expect(schema.stdout).toMatch(/'p_name'\s*│ 'INDEX'\s*│ 'P'\s*│ 'name'/);
  });
});

describe("shell: nothing unterminated ever runs", () => {
  const count = async (db: string) => (await cli(["--db", db, "-c", "MATCH (n) RETURN count(n) AS c"])).stdout;

  it("skips a statement the piped input ends in, names it, and exits 1", async () => {
    const db = "file:./data?ns=g";
    expect((await cli(["--db", db, "-c", "UNWIND range(1, 3) AS i CREATE (:N {i: i})"])).code).toBe(0);
    const piped = await cli(["--db", db], "MATCH (n) RETURN count(n) AS before;\nMATCH (n)\nDETACH DELETE n\n");
    expect(piped.code).toBe(1);
    expect(piped.stdout).toContain("│ 3      │");
    expect(piped.stderr).toContain("The input ended before this statement's ';', so it was not run:\n  MATCH (n)\n  DETACH DELETE n");
    expect(await count(db)).toContain("│ 3 │");  // the data is still there
    // Without a trailing newline, too.
    const noNewline = await cli(["--db", db], "MATCH (n) DETACH DELETE n");
    expect(noNewline.code).toBe(1);
    expect(noNewline.stderr).toContain("MATCH (n) DETACH DELETE n");
    expect(await count(db)).toContain("│ 3 │");
  });

  it.each(["xterm", "dumb"])("on a terminal (TERM=%s): Ctrl-C clears the input, Ctrl-D with unfinished input runs nothing", async (termName) => {
    const db = "file:./data?ns=g";
    expect((await cli(["--db", db, "-c", "UNWIND range(1, 3) AS i CREATE (:N {i: i})"])).code).toBe(0);
    const term = terminal(["--db", db], termName);
    await term.until(/namidb> $/);
    // A statement over two lines, then Ctrl-C: dropped, and the shell says so.
    await term.type("MATCH (n)\r", /\.\.\.> $/);
    await term.type("DETACH DELETE n\r", /\.\.\.> $/);
    await term.type("\x03", /Input cleared; nothing was run\.\r\nnamidb> $/);
    // A line typed with its ';' but not entered, then Ctrl-C: dropped too.
    await term.type("MATCH (n) DETACH DELETE n;", /DETACH DELETE n;$/);
    await term.type("\x03", /Input cleared; nothing was run\.\r\nnamidb> $/);
    await term.type("\r", /namidb> $/);
    await term.type("MATCH (n) RETURN count(n) AS c;\r", /1 row .*\r\nnamidb> $/s);
    expect(term.since(0)).toContain("│ 3 │");
    // Ctrl-C on an empty line says how to leave; Ctrl-D there would leave.
    await term.type("\x03", /To leave, press Ctrl-D on an empty line or type :quit\)\r\nnamidb> $/);
    // The statement from the issue, without its ';', then Ctrl-D: not run.
    await term.type("MATCH (n) DETACH DELETE n\r", /\.\.\.> $/);
    term.write("\x04");
    expect(await term.exit()).toBe(1);
    expect(term.since(0)).toContain("The input ended before this statement's ';', so it was not run:\r\n  MATCH (n) DETACH DELETE n");
    expect(await count(db)).toContain("│ 3 │");  // the data is still there
  });

  it("leaves on Ctrl-D on an empty line with status 0", async () => {
    const term = terminal(["--db", "memory://t"]);
    await term.until(/namidb> $/);
    term.write("\x04");
    expect(await term.exit()).toBe(0);
  });
});

describe("shell: Ctrl-C while a statement runs", () => {
  it("cancels the statement at its next read of the store, and the shell goes on", async () => {
    const inner = new MemoryStore();
    const writer = await open({ store: inner, namespace: "g" });
    for (let i = 0; i < 100; ++i) await writer.upsertNode(["N"], `n${i}`, { i });
    for (let i = 1; i < 100; ++i) await writer.upsertEdge("NEXT", `n${i - 1}`, `n${i}`);
    await writer.commit();
    await writer.flush();
    await writer.close();
    // A store whose next read, once armed, waits until the test lets it go.
    let armed = false;
    let release!: () => void;
    let onBlocked!: () => void;
    const blocked = new Promise<void>((r) => (onBlocked = r));
    const store = Object.create(inner) as MemoryStore;
    store.getMany = async (requests: readonly GetRequest[]) => {
      if (armed) {
        armed = false;
        await new Promise<void>((r) => {
          release = r;
          onBlocked();
        });
      }
      return inner.getMany(requests);
    };
    const db = await open({ store, namespace: "g" }, { mode: "read" });
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
    const output = new PassThrough();
    let shown = "";
    output.on("data", (c: Buffer) => (shown += c.toString()));
    const shell = new Shell(db, "memory", () => Promise.reject(new Error("no")), { input, output }).run();
    armed = true;
    input.write("MATCH (a:N)-[:NEXT]->(b)-[:NEXT]->(c) RETURN count(c) AS c;\r");
    await blocked;  // the statement is waiting on the store
    input.write("\x03");  // Ctrl-C
    expect(shown).toContain("Cancelling the running statement");
    release();
    input.write("MATCH (n:N) RETURN count(n) AS n;\r");
    input.write("\x04");  // Ctrl-D on an empty line
    const outcome = await shell;
    expect(shown).toContain("AbortError: the statement was cancelled (its AbortSignal fired)");
    expect(shown).toContain("│ 100 │");  // the next statement ran as usual
    expect(outcome.skipped).toBeUndefined();
    await outcome.db.close();
  });
});

describe("command line", () => {
  it("prints a result of 200,000 rows: a table of the first 1,000 and a note, or every row as JSON", async () => {
    const query = "UNWIND range(1, 200000) AS i RETURN i, 'row ' + i AS s";
    const table = await cli(["--db", "memory://big", "-c", query]);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe("");
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("│ ")).length).toBe(1001);  // the header and 1,000 rows
    expect(table.stdout).toContain("│ 1000 │ 'row 1000' │");
    expect(table.stdout).not.toContain("'row 1001'");
    expect(lines.at(-2)).toBe("… 199,000 more rows not shown; use LIMIT or --format json");
    expect(lines.at(-1)).toMatch(/^200000 rows \(\d+\.\d ms\)$/);

    const json = await cli(["--db", "memory://big", "--format", "json", "-c",
      `${query}, 9007199254740993 AS big, 0.0 / 0.0 AS nan, date('2020-01-02') AS d`]);
    expect(json.code).toBe(0);
    const rows = json.stdout.trimEnd().split("\n");
    expect(rows).toHaveLength(200000);
    expect(rows[199999]).toBe('{"i":200000,"s":"row 200000","big":9007199254740993,"nan":"NaN","d":"2020-01-02"}');
    expect(json.stderr).toMatch(/^200000 rows \(\d+\.\d ms\)\n$/);
  });

  it("answers a usage error with one line and the usage, exit status 2", async () => {
    for (const args of [["--nope"], ["-c"], ["stray"], ["--format", "xml", "-c", "RETURN 1"]]) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      const [first, blank, usage] = r.stderr.split("\n");
      expect(first).toMatch(/^namidb-wasm: /);
      expect(blank).toBe("");
      expect(usage).toMatch(/^usage: namidb-wasm/);
      expect(r.stderr).not.toMatch(/\n\s+at /);  // no stack trace
      expect(r.stdout).toBe("");
    }
    expect((await cli(["--nope"])).stderr).toMatch(/^namidb-wasm: Unknown option '--nope'\n/);
    expect((await cli(["--format", "xml"])).stderr).toMatch(/^namidb-wasm: --format must be table, json or csv, not 'xml'\n/);
  });

  it("tells a read-only user to leave out --read, not to call write()", async () => {
    expect((await cli(["--db", "file:./ro?ns=g", "-c", "CREATE (:T)"])).code).toBe(0);
    const oneShot = await cli(["--db", "file:./ro?ns=g", "--read", "-c", "CREATE (:T)"]);
    expect(oneShot.code).toBe(1);
    expect(oneShot.stderr).toContain("WriteInReadQuery");
    expect(oneShot.stderr).toContain("opened read-only (--read): leave out --read to change it");
    expect(oneShot.stderr).not.toContain("write()");
    const shell = await cli(["--db", "file:./ro?ns=g", "--read"], "CREATE INDEX FOR (t:T) ON (t.k);\n");
    expect(shell.stdout).toContain("leave out --read to change it");
    expect(shell.stdout).not.toContain("write()");
  });

  it("names a bad database URI in one line", async () => {
    const r = await cli(["--db", "file://elsewhere/data?ns=g", "-c", "RETURN 1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "InvalidArgumentError: 'file://elsewhere/data?ns=g' names the host 'elsewhere'; a file: URI opens a folder " +
        "on this machine: file:./relative/folder?ns=name or file:///absolute/folder?ns=name\n",
    );
  });
});

/**
 * The CLI on a real pseudo-terminal (util-linux `script`), typed into key by
 * key: each step waits for what the shell prints before typing on.
 */
function terminal(args: string[], termName = "dumb") {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, TERM: termName, NAMIDB_HISTORY: join(cwd, "history") },
  });
  let out = "";
  let waiting: (() => void) | undefined;
  child.stdout.on("data", (c: Buffer) => {
    // What the screen shows, without the cursor moves that redraw the line.
    out = (out + c.toString()).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
    waiting?.();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const until = (pattern: RegExp, from = 0) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(out.slice(from))) {
          waiting = undefined;
          resolve();
        }
      };
      waiting = check;
      void exited.then(() => reject(new Error(`the shell exited while waiting for ${pattern}: ${JSON.stringify(out)}`)));
      check();
    });
  return {
    until,
    write: (keys: string) => child.stdin.write(keys),
    /** Types `keys`, then waits for `pattern` in what the shell prints after them. */
    async type(keys: string, pattern: RegExp) {
      const from = out.length;
      child.stdin.write(keys);
      await until(pattern, from);
    },
    since: (from: number) => out.slice(from),
    async exit() {
      const code = await exited;
      child.stdin.end();
      return code;
    },
  };
}
