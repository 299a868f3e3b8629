#!/usr/bin/env node
/**
 * The namidb command line (`npm start`, `npx namidb-wasm`): an interactive
 * Cypher shell (shell/shell.ts) on a database, by default a local one that
 * is created with a demo graph on first use; with `-c` it runs one
 * statement and exits.
 *
 * Exit status: 0 when everything ran, 1 when a statement or the database
 * failed (or the input ended inside a statement, which was not run), 2 for
 * a usage error.
 */
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "./database.js";
import { CypherError, NamiDBError } from "./errors.js";
import { open, parseFileUri } from "./node/open.js";
import { createDemoGraph } from "./shell/demo_graph.js";
import { formatJsonLines, formatResult, summary, TABLE_ROW_LIMIT } from "./shell/format.js";
import { readOnlyHint, Shell, type OutputFormat } from "./shell/shell.js";

const DEFAULT_DB = "file:./.namidb-data?ns=demo";

const USAGE = `usage: namidb-wasm [--db URI] [--read] [--format table|json] [-c CYPHER]

  --db URI         the database: file:./dir?ns=name (a local folder) or memory://name
                   (default ${DEFAULT_DB}, created with a demo graph on first use)
  --read           open read-only (a snapshot; writes are refused)
  --format FORMAT  table (default; at most ${TABLE_ROW_LIMIT.toLocaleString("en-US")} rows, then a note of how many more)
                   or json (one JSON object per row, any number of rows)
  -c CYPHER        run one statement, print its result, and exit
  -h, --help       this text

Without -c, an interactive shell: statements end with ';', :help lists commands.
namidb-wasm copy <from> <to> copies a namespace between stores (copy --help).
`;

/** A usage error: printed as one line and the usage, exit status 2. */
class UsageError extends Error {}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        db: { type: "string", default: DEFAULT_DB },
        read: { type: "boolean", default: false },
        format: { type: "string", default: "table" },
        c: { type: "string", short: "c" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    // Node's messages for ERR_PARSE_ARGS_* name the option; drop its advice on "--".
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const { values } = parsed;
  if (values.format !== "table" && values.format !== "json") {
    throw new UsageError(`--format must be table or json, not '${values.format}'`);
  }
  return { ...values, format: values.format as OutputFormat };
}

async function openDb(uri: string, read: boolean): Promise<Database> {
  if (uri.startsWith("file:")) await mkdir(parseFileUri(uri).dir, { recursive: true });
  return open(uri, { mode: read ? "read" : "write" });
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

async function main(argv: string[]): Promise<number> {
  // Subcommands live in modules of their own.
  if (argv[0] === "copy") return (await import("./copy_command.js")).runCopyCommand(argv.slice(1));
  const values = parse(argv);
  if (values.help) {
    await write(process.stdout, USAGE);
    return 0;
  }
  const uri = values.db;
  let db = await openDb(uri, values.read);
  try {
    if (uri === DEFAULT_DB && !values.read) {
      const existing = await db.query("MATCH (n) RETURN count(*) AS n");
      if (existing.rows[0]![0] === 0) {
        const made = await createDemoGraph(db);
        process.stderr.write(`Created the demo graph in ${uri}: ${made.nodes} nodes, ${made.relationships} relationships.\n`);
      }
    }
    if (values.c !== undefined) {
      const t0 = performance.now();
      const r = values.read ? await db.query(values.c) : await db.write(values.c);
      const ms = performance.now() - t0;
      if (values.format === "json") {
        if (r.rows.length > 0) await write(process.stdout, formatJsonLines(r) + "\n");
        await write(process.stderr, summary(r, ms) + "\n");
      } else {
        await write(process.stdout, formatResult(r, ms) + "\n");
      }
      return 0;
    }
    const shell = new Shell(db, uri, (next) => openDb(next, values.read), {
      input: process.stdin,
      output: process.stdout,
      errors: process.stderr,
      historyFile: process.env.NAMIDB_HISTORY ?? join(homedir(), ".namidb_history"),
      format: values.format,
      readOnlyFlag: "--read",
    });
    const outcome = await shell.run();
    db = outcome.db;
    return outcome.skipped === undefined ? 0 : 1;
  } catch (err) {
    if (err instanceof CypherError) throw new CypherError(readOnlyHint(err, db.mode, "--read"), err);
    throw err;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`namidb-wasm: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (err instanceof NamiDBError) {
      console.error(`${err.name}: ${err.message}`);  // Cypher messages carry line and column
    } else if (err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string") {
      console.error(`namidb-wasm: ${err.message}`);  // the OS refused something (a folder, a file)
    } else {
      console.error(err);  // a bug: the stack helps
    }
    process.exit(1);
  },
);
