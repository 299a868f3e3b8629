/**
 * Running a script (`-f FILE`, `-c CYPHER`): its statements one by one, each
 * its own transaction, each result printed as it comes; the first that fails
 * stops the run (exit status 1) and is named by file and line. A script that
 * ends inside a string or a block comment runs nothing. The last statement
 * needs no `;`: the script is complete (the shell, which reads what is
 * typed, runs only statements whose `;` arrived).
 */
import type { Database, QueryResult } from "../database.js";
import { CypherError, NamiDBError } from "../errors.js";
import { formatCsv, formatJsonLines, formatResult, summary } from "./format.js";
import type { ProgressLine } from "./progress.js";
import { readOnlyHint } from "./shell.js";
import { isBlank, splitStatements, type SplitStatement } from "./split_statements.js";

export type ScriptFormat = "table" | "json" | "csv";

export interface ScriptOptions {
  format: ScriptFormat;
  params: Record<string, unknown>;
  /** What the script is called in messages: the file name, "-c", "<stdin>". */
  source: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  progress: ProgressLine;
}

/** The statements of `text`; a message instead when it ends inside a string or comment. */
export function scriptStatements(text: string, source: string): SplitStatement[] | string {
  const split = splitStatements(text);
  if (split.open) {
    const line = split.restLine + (/^\s*/.exec(split.rest)![0].match(/\n/g)?.length ?? 0);
    return `${source}:${line}: the script ends inside a string, a \`name\` or a /* comment */ ` +
      "that starts in the statement there; nothing was run";
  }
  const statements = split.statements;
  if (!isBlank(split.rest)) statements.push(...splitStatements(split.rest + ";", split.restLine).statements);
  return statements;
}

/** Runs every statement of `text` on `db`; the exit status (0, or 1 at the first failure). */
export async function runScript(db: Database, text: string, options: ScriptOptions): Promise<number> {
  const statements = scriptStatements(text, options.source);
  if (typeof statements === "string") {
    await write(options.err, statements + "\n");
    return 1;
  }
  const total = statements.length;
  for (let i = 0; i < total; i++) {
    const { text: cypher, line } = statements[i]!;
    options.progress.update(`statement ${(i + 1).toLocaleString("en-US")} of ${total.toLocaleString("en-US")} (${options.source}:${line})`);
    const t0 = performance.now();
    let result: QueryResult;
    try {
      result = db.mode === "read" ? await db.query(cypher, options.params) : await db.write(cypher, options.params);
    } catch (err) {
      options.progress.clear();
      const where = options.source !== "-c" ? `${options.source}:${line}: ` : total > 1 ? `-c, statement ${i + 1}: ` : "";
      await write(options.err, `${where}${errorText(err, db)}\n`);
      if (total > 1) {
        const rest = total - i - 1;
        const after = rest === 0 ? "" : rest === 1 ? " and the one after it was not run" : ` and the ${rest} after it were not run`;
        await write(options.err, `${i} of ${total} statements ran; this one failed${after}.\n`);
      }
      return 1;
    }
    options.progress.clear();
    await print(result, performance.now() - t0, cypher, options);
  }
  return 0;
}

async function print(r: QueryResult, ms: number, cypher: string, options: ScriptOptions): Promise<void> {
  if (/^EXPLAIN\s/i.test(cypher) && options.format === "table") {
    await write(options.out, r.rows.map((row) => String(row[0])).join("\n") + "\n");  // the plan, an operator a line
    return;
  }
  switch (options.format) {
    case "table":
      await write(options.out, formatResult(r, ms) + "\n");
      return;
    case "json":
      if (r.rows.length > 0) await write(options.out, formatJsonLines(r) + "\n");
      break;
    case "csv":
      if (r.columns.length > 0) await write(options.out, formatCsv(r) + "\n");
      break;
  }
  await write(options.err, summary(r, ms) + "\n");
}

/** A failure as the command line prints it: the error's name and message, no stack. */
export function errorText(err: unknown, db?: Database): string {
  if (err instanceof CypherError) return `${err.name}: ${db ? readOnlyHint(err, db.mode, "--read") : err.message}`;
  if (err instanceof NamiDBError) return `${err.name}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}
