// examples/edge/deno end to end with the Deno binary from npm: main.ts beside
// the packed package, type-checked by `deno check`, then serving a folder
// namespace on 127.0.0.1 with only the permissions its README names.
import { spawn, execFile } from "node:child_process";
import { once } from "node:events";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { packedPackage, REPO } from "../../../bench/edge/packed_package.js";

const DENO = join(REPO, "node_modules", ".bin", "deno");
let project: string;
let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const pkg = await packedPackage();
  project = join(pkg.app, "deno-example");
  await mkdir(project, { recursive: true });
  await copyFile(join(REPO, "examples", "edge", "deno", "main.ts"), join(project, "main.ts"));
  work = await mkdtemp(join(tmpdir(), "namidb-deno-"));
  env = { ...process.env, DENO_DIR: join(work, "deno-cache"), NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

it("type-checks with deno check", async () => {
  const check = promisify(execFile)(DENO, ["check", "main.ts"], { cwd: project, env });
  await expect(check.then(() => "ok", (err: { stderr: string }) => err.stderr)).resolves.toBe("ok");
});

it("serves Cypher on a folder namespace with read, write and flock permissions only", async () => {
  const folder = join(work, "data");
  await mkdir(folder);
  const child = spawn(
    DENO,
    ["run", "--no-prompt", "--allow-net=127.0.0.1", `--allow-read=${folder}`, `--allow-write=${folder}`, "--allow-run=flock",
      "main.ts", `file:${folder}?ns=demo`, "0"],
    { cwd: project, env, stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const exited = once(child, "exit").then(([code]) => Promise.reject(new Error(`deno exited with ${String(code)}`)));
    const [line] = (await Promise.race([once(createInterface({ input: child.stdout! }), "line"), exited])) as [string];
    const base = (JSON.parse(line) as { listening: string }).listening;
    const post = (path: string, body: unknown) => fetch(new URL(path, base), { method: "POST", body: JSON.stringify(body) });
    const created = await post("write", { query: "CREATE (:Person {name: $n})-[:KNOWS]->(:Person {name: 'Bob'})", params: { n: "Ann" } });
    expect(await created.json()).toMatchObject({ counters: { nodesCreated: 2, relationshipsCreated: 1 } });
    const friends = await fetch(new URL(`query?q=${encodeURIComponent("MATCH (:Person {name: 'Ann'})-[:KNOWS]->(f) RETURN f.name AS f")}`, base));
    expect(await friends.json()).toMatchObject({ columns: ["f"], rows: [["Bob"]] });
    const bad = await post("query", { query: "MATCH (n) RETURN m" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { name: "CypherError", code: "InvalidArgument" } });
  } finally {
    if (child.exitCode === null) {
      child.kill();
      await once(child, "exit");
    }
  }
});
