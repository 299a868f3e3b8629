#!/usr/bin/env node
/**
 * The namidb command line (`npm start`, `npx namidb-wasm`): an interactive
 * Cypher shell (shell/shell.ts) on a database, by default a local one that
 * is created with a demo graph on first use; with `-c` it runs one
 * statement and exits.
 */
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "./database.js";
import { NamiDBError } from "./errors.js";
import { open, parseFileUri } from "./node/open.js";
import { createDemoGraph } from "./shell/demo_graph.js";
import { formatResult } from "./shell/format.js";
import { Shell } from "./shell/shell.js";

const DEFAULT_DB = "file:./.namidb-data?ns=demo";

const USAGE = `usage: namidb-wasm [--db URI] [--read] [-c CYPHER]

  --db URI      the database: file:./dir?ns=name (a local folder) or memory://name
                (default ${DEFAULT_DB}, created with a demo graph on first use)
  --read        open read-only (a snapshot; writes are refused)
  -c CYPHER     run one statement, print its result, and exit
  -h, --help    this text

Without -c, an interactive shell: statements end with ';', :help lists commands.
`;

async function openDb(uri: string, read: boolean): Promise<Database> {
  if (uri.startsWith("file:")) await mkdir(parseFileUri(uri).dir, { recursive: true });
  return open(uri, { mode: read ? "read" : "write" });
}

async function main(): Promise<number> {
  // Subcommands live in modules of their own.
  if (process.argv[2] === "copy") return (await import("./copy_command.js")).runCopyCommand(process.argv.slice(3));
  const { values } = parseArgs({
    options: {
      db: { type: "string", default: DEFAULT_DB },
      read: { type: "boolean", default: false },
      c: { type: "string", short: "c" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
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
      console.log(formatResult(r, performance.now() - t0));
      return 0;
    }
    const shell = new Shell(db, uri, (next) => openDb(next, values.read), {
      input: process.stdin,
      output: process.stdout,
      historyFile: process.env.NAMIDB_HISTORY ?? join(homedir(), ".namidb_history"),
    });
    db = await shell.run();
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof NamiDBError) {
      console.error(`${err.name}: ${err.message}`);  // Cypher messages carry line and column
    } else {
      console.error(err);
    }
    process.exit(1);
  },
);
