// The command line as a tool people script (`npx namidb-wasm`), run as a
// child process in a fresh folder: scripts with -f and -c, table / JSON lines
// / CSV output, parameters, the exit status, verify and copy with their
// progress lines, clean usage errors. verifyNamespace() itself too.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { CorruptionError, InvalidArgumentError, NotFoundError } from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { FileStore } from "../../dist/js/node/file_store.js";
import { verifyNamespace } from "../../dist/js/verify.js";

const CLI = fileURLToPath(new URL("../../dist/js/cli.js", import.meta.url));

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "namidb-cli-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input = ""): Promise<Run> {
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

const NO_STACK = /\n\s+at /;

describe("scripts: -f and -c", () => {
  it("runs every statement of a file one by one: several on a line, ';' in strings and comments, the last without ';'", async () => {
    await writeFile(join(cwd, "load.cypher"), [
      "// people; a comment with a ';'",
      "CREATE (:P {name: 'semi;colon', n: 1}); CREATE (:P {name: \"quote\\\"; here\", n: 2});",
      "/* a block comment;",
      "   over two lines; */ CREATE (:P {name: $who, n: $n})",
      ";",
      "CREATE (:P {name: 'it\\'s; fine', n: 4});;",
      "MATCH (p:P) RETURN p.name AS name, p.n AS n ORDER BY n",
      "",
    ].join("\n"));
    const r = await cli(["--db", "file:./data?ns=g", "-f", "load.cypher", "--format", "csv", "--param", "who=Ann", "--param", "n=3"]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('name,n\nsemi;colon,1\n"quote""; here",2\nAnn,3\nit\'s; fine,4\n');
    // json and csv print each statement's summary on stderr: five statements ran.
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(5);
    expect(r.stderr).toMatch(/^0 rows, labels added: 1, nodes created: 1, properties set: 2 \(\d+\.\d ms\)\n/);
  });

  it("stops at the first statement that fails: exit status 1, named by file and line, nothing after it run", async () => {
    await writeFile(join(cwd, "bad.cypher"), "CREATE (:Q {n: 1});\nCREATE (:Q {n: 2});\n\nRETURN nowhere;\nCREATE (:Q {n: 3});\n");
    const r = await cli(["--db", "file:./data?ns=g", "-f", "bad.cypher"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "bad.cypher:4: CypherError: SyntaxError (UndefinedVariable) at line 1, column 8: variable 'nowhere' is not defined\n" +
        "2 of 4 statements ran; this one failed and the one after it was not run.\n",
    );
    expect(r.stdout).toContain("nodes created: 1");
    const after = await cli(["--db", "file:./data?ns=g", "--format", "json", "-c", "MATCH (q:Q) RETURN q.n AS n ORDER BY n"]);
    expect(after.stdout).toBe('{"n":1}\n{"n":2}\n');

    // A script that ends inside a string runs nothing.
    await writeFile(join(cwd, "open.cypher"), "CREATE (:Q {n: 9});\nCREATE (:Q {s: 'never closed});\n");
    const open = await cli(["--db", "file:./data?ns=g", "-f", "open.cypher"]);
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/^open\.cypher:2: the script ends inside a string, .*nothing was run\n$/);
    expect((await cli(["--db", "file:./data?ns=g", "-c", "MATCH (q:Q {n: 9}) RETURN count(*) AS c", "--format", "csv"])).stdout).toBe("c\n0\n");
  });

  it("reads a script from standard input with -f -, and -c takes several statements", async () => {
    const piped = await cli(["--db", "memory://m", "-f", "-", "--format", "json"], "UNWIND [1, 2] AS x RETURN x; RETURN 'done' AS s\n");
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe('{"x":1}\n{"x":2}\n{"s":"done"}\n');
    const failing = await cli(["--db", "memory://m", "-c", "RETURN 1 AS a; RETURN nope; RETURN 3"]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/^-c, statement 2: CypherError: SyntaxError \(UndefinedVariable\)/);
    expect(failing.stdout).toContain("│ a │");
  });

  it("writes CSV and JSON lines that a script can read back", async () => {
    const query = "RETURN null AS nothing, '' AS empty, 'a,b' AS comma, 'line\nbreak' AS nl, [1, 'x'] AS list, " +
      "{k: 1} AS map, 9007199254740993 AS big, 1.5 AS f, true AS t, date('2020-01-02') AS d";
    const csv = await cli(["--db", "memory://m", "-c", query, "--format", "csv"]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(
      'nothing,empty,comma,nl,list,map,big,f,t,d\n,"","a,b","line\nbreak","[1,""x""]","{""k"":1}",9007199254740993,1.5,true,2020-01-02\n',
    );
    const json = await cli(["--db", "memory://m", "-c", query, "--format", "json"]);
    expect(json.stdout).toBe(
      '{"nothing":null,"empty":"","comma":"a,b","nl":"line\\nbreak","list":[1,"x"],"map":{"k":1},"big":9007199254740993,"f":1.5,"t":true,"d":"2020-01-02"}\n',
    );
  });

  it("takes parameters from --params FILE and --param, JSON when it parses, else a string", async () => {
    await writeFile(join(cwd, "params.json"), JSON.stringify({ name: "from file", list: [1, 2], keep: "kept" }));
    const r = await cli([
      "--db", "memory://m", "--format", "json", "--params", "params.json",
      "--param", "name=Ann", "--param", "age=31", "--param", "quoted=\"31\"", "--param", "huge=9007199254740993",
      "--param", "text=not json", "--param", "flag=true",
      "-c", "RETURN $name AS name, $age + 1 AS age, $quoted AS quoted, $huge AS huge, $text AS text, $flag AS flag, $list AS list, $keep AS keep",
    ]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.stdout).toBe('{"name":"Ann","age":32,"quoted":"31","huge":9007199254740993,"text":"not json","flag":true,"list":[1,2],"keep":"kept"}\n');
  });

  it("shows a progress line for a long script with --progress when stderr is no terminal, and none without", async () => {
    const script = Array.from({ length: 3 }, (_, i) => `CREATE (:R {i: ${i}});`).join("\n");
    await writeFile(join(cwd, "three.cypher"), script);
    const quiet = await cli(["--db", "memory://p", "-f", "three.cypher"]);
    expect(quiet.stderr).toBe("");
    const shown = await cli(["--db", "memory://p", "-f", "three.cypher", "--progress"]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/^statement 1 of 3 \(three\.cypher:1\)\n/);
  });
});

describe("the database and the shell", () => {
  it("creates no demo graph unless asked for with --demo", async () => {
    const plain = await cli(["-c", "MATCH (n) RETURN count(n) AS n", "--format", "csv"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe("n\n0\n");
    expect(plain.stderr).not.toContain("demo");
    const demo = await cli(["--demo", "-c", "MATCH (n) RETURN count(n) AS n", "--format", "csv"]);
    expect(demo.stderr).toMatch(/^Created the demo graph in file:\.\/\.namidb-data\?ns=demo: 214 nodes/);
    expect(demo.stdout).toBe("n\n214\n");
  });

  it("runs several statements of one line in the shell, with parameters and CSV", async () => {
    const r = await cli(["--db", "memory://s", "--format", "csv", "--param", "x=5"], "RETURN $x AS a; RETURN 'b;c' AS b;\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('a\n5\nb\nb;c\n');
  });
});

describe("command-line errors", () => {
  it("--help lists every command and flag", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    for (const word of ["copy <from> <to>", "verify <uri>", "--db URI", "--read", "--format FORMAT", "csv", "json",
      "--param NAME=VALUE", "--params FILE", "-c CYPHER", "-f FILE", "--demo", "--progress", "Exit status"]) {
      expect(help.stdout, word).toContain(word);
    }
    expect((await cli(["verify", "--help"])).stdout).toMatch(/^usage: namidb-wasm verify <uri>/);
    expect((await cli(["copy", "--help"])).stdout).toMatch(/^usage: namidb-wasm copy <from> <to> \[--progress\]/);
  });

  it("answers bad flags with one line and the usage, exit status 2, no stack trace", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--format", "xml", "-c", "RETURN 1"], /^namidb-wasm: --format must be table, json or csv, not 'xml'$/],
      [["--param", "novalue", "-c", "RETURN 1"], /^namidb-wasm: --param takes name=value, not 'novalue'$/],
      [["--param", "1x=2", "-c", "RETURN 1"], /^namidb-wasm: --param '1x=2': '1x' is not a parameter name/],
      [["--params", "missing.json", "-c", "RETURN 1"], /^namidb-wasm: --params cannot read 'missing.json'/],
      [["--params", "list.json", "-c", "RETURN 1"], /^namidb-wasm: --params 'list.json' must hold a JSON object/],
      [["-f", "missing.cypher"], /^namidb-wasm: -f cannot read 'missing.cypher'/],
      [["-c", "RETURN 1", "-f", "x"], /^namidb-wasm: -c and -f cannot be used together$/],
      [["--demo", "--read", "-c", "RETURN 1"], /^namidb-wasm: --demo writes the demo graph: leave out --read$/],
      [["verify"], /^namidb-wasm: verify takes one namespace URI, not 0$/],
      [["verify", "file:./x?ns=g", "--nope"], /^namidb-wasm: Unknown option '--nope'$/],
      [["copy", "file:./x?ns=g"], /^namidb-wasm: copy takes a source and a target URI, not 1 argument$/],
    ];
    await writeFile(join(cwd, "list.json"), "[1, 2]");
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      const [first, blank, usage] = r.stderr.split("\n");
      expect(first, args.join(" ")).toMatch(message);
      expect(blank).toBe("");
      expect(usage).toMatch(/^usage: namidb-wasm/);
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.stdout).toBe("");
    }
  });
});

/** A namespace in a folder: flushed data files, then WAL segments after them. */
async function buildNamespace(dir: string): Promise<void> {
  const db = await open({ store: new FileStore(dir), namespace: "g" });
  await db.upsertNodes(Array.from({ length: 300 }, (_, i) => ({ labels: ["Person"], id: `p:${i}`, properties: { id: i, name: `person number ${i}` } })));
  await db.upsertEdges(Array.from({ length: 299 }, (_, i) => ({ type: "KNOWS", src: `p:${i}`, dst: `p:${i + 1}` })));
  await db.commit();
  await db.flush();
  await db.write("MATCH (p:Person {id: 7}) SET p.name = 'seven'");
  await db.close();
}

async function flipByte(file: string, at: (size: number) => number): Promise<void> {
  const bytes = await readFile(file);
  bytes[at(bytes.length)]! ^= 0x20;
  await writeFile(file, bytes);
}

describe("verify <uri>", () => {
  it("reads every object, reports what is broken by key, and exits 1 if anything is", async () => {
    const dir = join(cwd, "data");
    await buildNamespace(dir);
    const intact = await cli(["verify", "file:./data?ns=g"]);
    expect(intact.stdout).toBe("");
    expect(intact.stderr).toMatch(/^namespace 'g' is intact: \d+ objects, [\d.]+ KiB read in [\d.]+ s\n$/);
    expect(intact.code).toBe(0);
    const all = await cli(["verify", "file:./data?ns=g", "--all"]);
    expect(all.stdout).toMatch(/^ok {5}manifest\.json, /m);
    expect(all.stdout).toMatch(/^ok {5}sst\/nodes-[^ ]+\.sst, /m);

    // A flipped bit in the middle of a data file (in a block) and a missing WAL segment.
    const tables = (await readdir(join(dir, "g", "sst"))).filter((f) => f.startsWith("nodes-"));
    await flipByte(join(dir, "g", "sst", tables[0]!), (size) => Math.floor(size / 4));
    // The WAL segment the manifest names (the flush retired the earlier ones).
    const manifest = JSON.parse(await readFile(join(dir, "g", "manifest.json"), "utf8")) as { wal: Array<{ key: string }> };
    const wal = manifest.wal[0]!.key.replace(/^wal\//, "");
    await unlink(join(dir, "g", "wal", wal));
    const broken = await cli(["verify", "file:./data?ns=g"]);
    expect(broken.code).toBe(1);
    const lines = broken.stdout.trimEnd().split("\n").sort();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^BROKEN sst/${tables[0]!.replace(/\./g, "\\.")}: CorruptionError: .*g/sst/${tables[0]!.replace(/\./g, "\\.")}`));
    expect(lines[1]).toBe(`BROKEN wal/${wal}: NotFoundError: named by the manifest but missing`);
    expect(broken.stderr).toMatch(/^namespace 'g' has 2 broken objects: /);
    expect(broken.stderr).not.toMatch(NO_STACK);

    const json = await cli(["verify", "file:./data?ns=g", "--format", "json"]);
    expect(json.code).toBe(1);
    const objects = json.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { key: string; kind: string; error?: { code: string } });
    expect(objects.find((o) => o.key === `wal/${wal}`)).toMatchObject({ kind: "wal", referenced: true, bytes: 0, error: { code: "NotFound" } });
    expect(objects.find((o) => o.key === "manifest.json")).toMatchObject({ kind: "manifest", referenced: true });
    expect(objects.filter((o) => o.error).map((o) => o.error!.code).sort()).toEqual(["Corruption", "NotFound"]);
  });

  it("shows its progress with --progress and only the summary without", async () => {
    await buildNamespace(join(cwd, "data"));
    const shown = await cli(["verify", "file:./data?ns=g", "--progress"]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/^read \d+ of \d+ objects \([\d,]+ bytes\)\n/);
    expect(shown.stderr).toMatch(/namespace 'g' is intact: \d+ objects, [\d.]+ KiB read in [\d.]+ s\n$/);
  });

  it("names a namespace that is not there in one line", async () => {
    const r = await cli(["verify", "file:./nothing?ns=g"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("NotFoundError: there is no namespace 'g' here (no object under g/)\n");
  });
});

describe("copy <from> <to>", () => {
  it("shows its progress with --progress (a line a second off a terminal) and only the summary without", async () => {
    await buildNamespace(join(cwd, "data"));
    const quiet = await cli(["copy", "file:./data?ns=g", "file:./quiet?ns=g"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toMatch(/^copied namespace 'g' version \d+: \d+ objects, [\d,]+ bytes in [\d.]+ s\n$/);
    const shown = await cli(["copy", "file:./data?ns=g", "file:./shown?ns=g", "--progress"]);
    expect(shown.code).toBe(0);
    const lines = shown.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^copied 1 of (\d+) objects \([\d,]+ bytes\)$/);
    const total = /of (\d+) objects/.exec(lines[0]!)![1];
    expect(lines.at(-2)).toMatch(new RegExp(`^copied ${total} of ${total} objects`));
    expect(lines.at(-1)).toMatch(/^copied namespace 'g'/);
    expect((await cli(["verify", "file:./shown?ns=g"])).code).toBe(0);
  });
});

describe("verifyNamespace()", () => {
  it("reports broken objects as typed errors and refuses a bad namespace name", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "v" });
    await db.write("UNWIND range(1, 50) AS i CREATE (:N {i: i})");
    await db.flush();
    await db.close();
    const ok = await verifyNamespace(store, "v");
    expect(ok.broken).toEqual([]);
    expect(ok.objects.map((o) => o.kind).sort()).toEqual(expect.arrayContaining(["manifest", "table"]));
    expect(ok.bytes).toBe(ok.objects.reduce((sum, o) => sum + o.bytes, 0));

    const table = ok.objects.find((o) => o.kind === "table")!;
    const { data } = await store.get(`v/${table.key}`);
    const bad = new Uint8Array(data);
    bad[Math.floor(bad.length / 4)]! ^= 1;
    await store.put(`v/${table.key}`, bad);
    const report = await verifyNamespace(store, "v");
    expect(report.broken.map((o) => o.key)).toEqual([table.key]);
    expect(report.broken[0]!.error).toBeInstanceOf(CorruptionError);
    await expect(verifyNamespace(store, "missing")).rejects.toBeInstanceOf(NotFoundError);
    await expect(verifyNamespace(store, "Bad Name")).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("reports its progress as it reads: every object listed, then read, and the bytes", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "p" });
    await db.write("UNWIND range(1, 50) AS i CREATE (:N {i: i})");
    await db.flush();
    await db.write("CREATE (:N {i: 51})");
    await db.close();
    const seen: Array<{ read: number; listed: number; bytes: number }> = [];
    const report = await verifyNamespace(store, "p", { onProgress: (p) => seen.push(p) });
    expect(report.broken).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.read).toBeGreaterThanOrEqual(seen[i - 1]!.read);
      expect(seen[i]!.bytes).toBeGreaterThan(seen[i - 1]!.bytes);
    }
    const last = seen[seen.length - 1]!;
    expect(last.listed).toBe(report.objects.length);
    expect(last.read).toBe(report.objects.length);
    expect(last.bytes).toBeGreaterThanOrEqual(report.bytes);
  });
});
