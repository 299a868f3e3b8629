#!/usr/bin/env node
/**
 * The namidb command line (`npx namidb-wasm`, `npm start`): an interactive
 * Cypher shell (shell/shell.ts) on a database; with `-c` or `-f` it runs a
 * script's statements one by one and exits (shell/run_script.ts); `copy` and
 * `verify` are commands of their own. Results print as a table, JSON lines or
 * CSV; parameters come from `--param` and `--params`.
 *
 * Exit status: 0 when everything ran, 1 when a statement, the database or a
 * check failed (or piped input ended inside a statement, which was not run),
 * 2 for a usage error. Errors print as one line, never with a stack trace.
 */
import { mkdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "./database.js";
import { NamiDBError } from "./errors.js";
import { open, parseFileUri } from "./node/open.js";
import { createDemoGraph } from "./shell/demo_graph.js";
import { TABLE_ROW_LIMIT } from "./shell/format.js";
import { loadParams, ParamError } from "./shell/params.js";
import { ProgressLine } from "./shell/progress.js";
import { errorText, runScript, write, type ScriptFormat } from "./shell/run_script.js";
import { Shell } from "./shell/shell.js";
import { UsageError } from "./shell/usage_error.js";

const DEFAULT_DB = "file:./.namidb-data?ns=demo";

const USAGE = `usage: namidb-wasm [options]              an interactive Cypher shell (statements end with ';')
       namidb-wasm [options] -c CYPHER    run CYPHER's statements, print their results, exit
       namidb-wasm [options] -f FILE      run FILE's statements one by one ('-f -': standard input)
       namidb-wasm copy <from> <to>       copy a namespace between stores (copy --help)
       namidb-wasm verify <uri>           read every object of a namespace, check every checksum (verify --help)

options:
  --db URI             the database: file:./dir?ns=name (a local folder) or memory://name
                       (default ${DEFAULT_DB})
  --read               open read-only (a snapshot; writes are refused)
  --format FORMAT      table (default; at most ${TABLE_ROW_LIMIT.toLocaleString("en-US")} rows, then a note of how many more),
                       json (JSON lines: an object per row) or csv (a header, then a line per row);
                       with json and csv the summary of each statement goes to stderr
  --param NAME=VALUE   the parameter $NAME of every statement; VALUE is JSON when it parses
                       (31, 1.5, true, null, "31", [1, 2], {"a": 1}), else a string; repeatable
  --params FILE        parameters from a JSON object in FILE (a --param overrides one of the same name)
  -c CYPHER            run the statements in CYPHER (separated by ';')
  -f FILE              run the statements in FILE, each its own transaction; several may share a
                       line, ';' inside strings and comments ends none; the first that fails stops
                       the run (exit status 1, named by file and line)
  --demo               create the demo graph (people, cities, topics) if the database is empty
  --progress           a progress line on stderr for long scripts even when it is not a terminal
                       (on a terminal it shows by itself)
  -h, --help           this text

Exit status: 0 when everything ran, 1 when a statement, the database or a check failed,
2 for a usage error.
`;

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        db: { type: "string", default: DEFAULT_DB },
        read: { type: "boolean", default: false },
        format: { type: "string", default: "table" },
        param: { type: "string", multiple: true, default: [] },
        params: { type: "string" },
        c: { type: "string", short: "c" },
        f: { type: "string", short: "f" },
        demo: { type: "boolean", default: false },
        progress: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    // Node's messages for ERR_PARSE_ARGS_* name the option; drop its advice on "--".
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ""), USAGE);
  }
  const { values } = parsed;
  if (values.format !== "table" && values.format !== "json" && values.format !== "csv") {
    throw new UsageError(`--format must be table, json or csv, not '${values.format}'`, USAGE);
  }
  if (values.c !== undefined && values.f !== undefined) throw new UsageError("-c and -f cannot be used together", USAGE);
  if (values.demo && values.read) throw new UsageError("--demo writes the demo graph: leave out --read", USAGE);
  return { ...values, format: values.format as ScriptFormat };
}

async function openDb(uri: string, read: boolean): Promise<Database> {
  if (uri.startsWith("file:")) await mkdir(parseFileUri(uri).dir, { recursive: true });
  return open(uri, { mode: read ? "read" : "write" });
}

async function readScript(file: string): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`-f cannot read '${file}': ${(err as Error).message}`, USAGE);
  }
}

async function main(argv: string[]): Promise<number> {
  // Commands live in modules of their own.
  if (argv[0] === "copy") return (await import("./copy_command.js")).runCopyCommand(argv.slice(1));
  if (argv[0] === "verify") return (await import("./verify_command.js")).runVerifyCommand(argv.slice(1));
  const values = parse(argv);
  if (values.help) {
    await write(process.stdout, USAGE);
    return 0;
  }
  let params: Record<string, unknown>;
  try {
    params = await loadParams(values.params, values.param);
  } catch (err) {
    if (err instanceof ParamError) throw new UsageError(err.message, USAGE);
    throw err;
  }
  const script = values.f !== undefined ? await readScript(values.f) : values.c;
  const uri = values.db;
  let db = await openDb(uri, values.read);
  try {
    if (values.demo) {
      const existing = await db.query("MATCH (n) RETURN count(*) AS n");
      if (existing.rows[0]![0] === 0) {
        const made = await createDemoGraph(db);
        process.stderr.write(`Created the demo graph in ${uri}: ${made.nodes} nodes, ${made.relationships} relationships.\n`);
      }
    }
    if (script !== undefined) {
      return await runScript(db, script, {
        format: values.format,
        params,
        source: values.f === undefined ? "-c" : values.f === "-" ? "<stdin>" : values.f,
        out: process.stdout,
        err: process.stderr,
        progress: ProgressLine.for(process.stderr, values.progress),
      });
    }
    const shell = new Shell(db, uri, (next) => openDb(next, values.read), {
      input: process.stdin,
      output: process.stdout,
      errors: process.stderr,
      historyFile: process.env.NAMIDB_HISTORY ?? join(homedir(), ".namidb_history"),
      format: values.format,
      readOnlyFlag: "--read",
      params,
    });
    const outcome = await shell.run();
    db = outcome.db;
    return outcome.skipped === undefined ? 0 : 1;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`namidb-wasm: ${err.message}\n\n${err.usage}`);
      process.exit(2);
    }
    if (err instanceof NamiDBError) {
      process.stderr.write(errorText(err) + "\n");  // Cypher messages carry line and column
    } else if (err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string") {
      process.stderr.write(`namidb-wasm: ${err.message}\n`);  // the OS refused something (a folder, a file)
    } else {
      console.error(err);  // a bug: the stack helps
    }
    process.exit(1);
  },
);
