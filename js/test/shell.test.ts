// The command line (`npm start`): the interactive shell fed through a pipe,
// and the one-shot mode. Each run is a child process in a fresh folder, so
// the default database (with its demo graph) is created there.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

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
  it("creates the demo graph once, runs multi-line statements and commands", async () => {
    const first = await cli(
      [],
      [
        "MATCH (p:Person)",
        "RETURN count(p) AS people;",
        ":explain MATCH (p:Person) RETURN p",
        "RETURN m;",
        ":open memory://scratch",
        "CREATE (:A {x: 1});",
        "MATCH (a:A) RETURN a",
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
    // The last statement had no ';': it runs when the input ends.
    expect(first.stdout).toContain("(:A {x: 1})");
    // The second run finds the database and its writes: no second demo graph.
    const second = await cli(["-c", "MATCH (n) RETURN count(n) AS n"]);
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
  });
});
