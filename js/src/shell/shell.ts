/**
 * The interactive Cypher shell: reads statements (ending in `;`, over as many
 * lines as they take) and `:commands`, runs them on one open database, and
 * prints each result as a table (or JSON lines) with its timing.
 *
 * Only a statement whose `;` was typed ever runs. Ctrl-C clears the input
 * typed so far (or cancels the statement that is running); Ctrl-D on an
 * empty line, or the end of piped input, leaves, and a statement left
 * without its `;` is not run: the shell names it and reports it as skipped.
 */
import { appendFile, readFile } from "node:fs/promises";
import { createInterface, type Interface } from "node:readline";
import type { Database } from "../database.js";
import { CypherError, NamiDBError } from "../errors.js";
import { DEMO_QUERIES } from "./demo_graph.js";
import { formatCsv, formatJsonLines, formatResult, summary } from "./format.js";
import { isBlank, splitStatements } from "./split_statements.js";

export const HELP = `Statements end with ';' and may span lines. Commands:
  :help              this text
  :explain <query>   the plan of a query, without running it
  :profile <query>   run a query; the plan with rows and time per operator
  :open <uri>        open another database (memory://name, file:./dir?ns=name)
  :format FORMAT     print results as tables (at most 1,000 rows), json (JSON lines) or csv
  :examples          queries to try on the demo graph
  :schema            node and relationship types with their properties, indexes, constraints
  :quit              leave (also Ctrl-D on an empty line)
Several statements may share a line; a ';' inside a string or a comment ends
none. Ctrl-C clears what you typed, or cancels the statement that is running;
a statement without its ';' never runs.
Statements run with write(): each is one transaction, committed when it returns.`;

/** What `:schema` runs, in order. */
export const SCHEMA_STATEMENTS = [
  "CALL db.schema.nodeTypeProperties() YIELD nodeType, propertyName, propertyTypes, mandatory",
  "CALL db.schema.relTypeProperties() YIELD relType, propertyName, propertyTypes, mandatory",
  "SHOW INDEXES",
  "SHOW CONSTRAINTS",
];

export type OutputFormat = "table" | "json" | "csv";

export interface ShellIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where notes go that are not results (default: output). */
  errors?: NodeJS.WritableStream;
  /** Where history lines are kept (interactive terminals only). */
  historyFile?: string;
  /** How results print (default "table"). */
  format?: OutputFormat;
  /** How the user asked for read-only mode, named in hints ("--read"). */
  readOnlyFlag?: string;
  /** Parameters of every statement (--param, --params). */
  params?: Record<string, unknown>;
}

export interface ShellOutcome {
  /** The database open at the end (`:open` may have changed it). */
  db: Database;
  /** A statement the input ended in, without its ';': it was not run. */
  skipped?: string;
}

export class Shell {
  private buffer: string[] = [];
  private rl?: Interface;
  private format: OutputFormat;
  /** The statement running now, to cancel on Ctrl-C. */
  private running?: AbortController;

  constructor(
    private db: Database,
    private uri: string,
    private readonly reopen: (uri: string) => Promise<Database>,
    private readonly io: ShellIo,
  ) {
    this.format = io.format ?? "table";
  }

  private get terminal(): boolean {
    return (this.io.input as { isTTY?: boolean }).isTTY === true;
  }

  /** Runs until the input ends or :quit; resolves with the database still open. */
  async run(): Promise<ShellOutcome> {
    const terminal = this.terminal;
    const history = terminal && this.io.historyFile ? await loadHistory(this.io.historyFile) : [];
    const rl = createInterface({ input: this.io.input, output: this.io.output, terminal, history, historySize: 1000 });
    this.rl = rl;
    rl.on("SIGINT", () => this.interrupt());
    if (terminal) this.print(`Connected to ${this.uri}. Type :help for help, :quit to leave.`);
    this.prompt();
    for await (const line of rl) {
      if (terminal && this.io.historyFile && line.trim() !== "") {
        await appendFile(this.io.historyFile, line + "\n").catch(() => undefined);
      }
      const more = await this.handle(line);
      if (!more) break;
      this.prompt();
    }
    rl.close();
    // The input ended (Ctrl-D, end of a pipe) inside a statement: it never runs.
    const skipped = this.buffer.join("\n").trim();
    this.buffer = [];
    if (skipped === "") return { db: this.db };
    this.note(
      `${terminal ? "\n" : ""}The input ended before this statement's ';', so it was not run:\n` +
        `  ${abbreviate(skipped).replace(/\n/g, "\n  ")}`,
    );
    return { db: this.db, skipped };
  }

  /** One input line; false to stop. */
  async handle(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (this.buffer.length === 0 && trimmed.startsWith(":")) return this.command(trimmed);
    if (this.buffer.length === 0 && trimmed === "") return true;
    this.buffer.push(line);
    const split = splitStatements(this.buffer.join("\n"));
    if (split.statements.length === 0) return true;
    // What follows the last ';' waits for its own (a comment after it is dropped).
    this.buffer = isBlank(split.rest) ? [] : [split.rest.replace(/^\s*\n/, "")];
    for (const statement of split.statements) await this.statement(statement.text);
    return true;
  }

  // Ctrl-C: cancel the running statement, else drop the unfinished input.
  private interrupt(): void {
    const rl = this.rl!;
    if (this.running) {
      this.running.abort();
      this.io.output.write("\nCancelling the running statement…\n");
      return;
    }
    const typed = this.buffer.length > 0 || rl.line.trim() !== "";
    this.buffer = [];
    rl.write(null, { ctrl: true, name: "e" });  // to the end of the line,
    rl.write(null, { ctrl: true, name: "u" });  // then delete all of it;
    const line = rl as unknown as { line: string; cursor: number };
    if (line.line !== "") {
      line.line = "";  // a dumb terminal (TERM=dumb) has no editing keys
      line.cursor = 0;
    }
    this.io.output.write(
      typed ? "\nInput cleared; nothing was run.\n" : "\n(To leave, press Ctrl-D on an empty line or type :quit)\n",
    );
    this.prompt();
  }

  private async command(text: string): Promise<boolean> {
    const [name, ...rest] = text.split(/\s+/);
    const argument = text.slice(name!.length).trim().replace(/;$/, "");
    switch (name) {
      case ":quit":
      case ":exit":
      case ":q":
        return false;
      case ":help":
        this.print(HELP);
        return true;
      case ":examples":
        this.print(DEMO_QUERIES.join("\n"));
        return true;
      case ":schema":
        // What the data holds (a scan: Ctrl-C cancels it), then what is declared.
        for (const statement of SCHEMA_STATEMENTS) await this.statement(statement);
        return true;
      case ":format":
        if (argument !== "table" && argument !== "json" && argument !== "csv") {
          this.print(`usage: :format table|json|csv   (now ${this.format})`);
          return true;
        }
        this.format = argument;
        return true;
      case ":explain":
      case ":profile":
        if (!argument) {
          this.print(`usage: ${name} <query>`);
          return true;
        }
        await this.statement(`${name === ":explain" ? "EXPLAIN" : "PROFILE"} ${argument}`, name === ":profile");
        return true;
      case ":open":
        if (rest.length === 0) {
          this.print("usage: :open <uri>   (memory://name, file:./dir?ns=name)");
          return true;
        }
        try {
          const next = await this.reopen(argument);
          await this.db.close();
          this.db = next;
          this.uri = argument;
          this.print(`Connected to ${argument}.`);
        } catch (err) {
          this.printError(err);
        }
        return true;
      default:
        this.print(`unknown command ${name}; :help lists them`);
        return true;
    }
  }

  private async statement(text: string, profile = false): Promise<void> {
    const cypher = text.trim().replace(/;\s*$/, "");
    const t0 = performance.now();
    const running = new AbortController();
    this.running = running;
    try {
      const options = { signal: running.signal };
      const r =
        this.db.mode === "read"
          ? await this.db.query(cypher, this.io.params ?? {}, options)
          : await this.db.write(cypher, this.io.params ?? {}, options);
      const ms = performance.now() - t0;
      if (/^EXPLAIN\s/i.test(cypher)) {
        this.print(r.rows.map((row) => String(row[0])).join("\n"));  // the plan, one operator a line
        return;
      }
      if (this.format === "json") {
        if (r.rows.length > 0) this.print(formatJsonLines(r));
        this.note(summary(r, ms));
      } else if (this.format === "csv") {
        if (r.columns.length > 0) this.print(formatCsv(r));
        this.note(summary(r, ms));
      } else {
        this.print(formatResult(r, ms, { moreHint: "use LIMIT or :format json" }));
      }
      if (profile && r.profile) this.print(r.profile.join("\n"));
    } catch (err) {
      this.printError(err);
    } finally {
      this.running = undefined;
    }
  }

  private printError(err: unknown): void {
    if (err instanceof CypherError) {
      // "SyntaxError (UndefinedVariable) at line 1, column 18: ..."
      this.print(readOnlyHint(err, this.db.mode, this.io.readOnlyFlag));
    } else if (err instanceof NamiDBError) {
      this.print(`${err.name}: ${err.message}`);
    } else if (err instanceof Error) {
      this.print(`Error: ${err.message}`);  // e.g. the file system refused a folder for :open
    } else {
      throw err;
    }
  }

  private prompt(): void {
    if (!this.rl || !this.terminal) return;
    this.rl.setPrompt(this.buffer.length === 0 ? "namidb> " : "   ...> ");
    this.rl.prompt();
  }

  private print(text: string): void {
    this.io.output.write(text + "\n");
  }

  private note(text: string): void {
    (this.io.errors ?? this.io.output).write(text + "\n");
  }
}

/**
 * A Cypher error's message; a write refused because the database is read
 * only says how to open it for writing in this program (`flag`), instead of
 * the API's "run it with write()".
 */
export function readOnlyHint(err: CypherError, mode: "read" | "write", flag: string | undefined): string {
  if (err.detail !== "WriteInReadQuery" || mode !== "read" || !flag) return err.message;
  const message = err.message.replace(/;?\s*(run|use) it with write\(\)\.?$/, "");
  return `${message}; the database was opened read-only (${flag}): leave out ${flag} to change it`;
}

function abbreviate(text: string): string {
  return text.length <= 500 ? text : `${text.slice(0, 500)}… (${text.length} characters)`;
}

async function loadHistory(file: string): Promise<string[]> {
  try {
    const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l.trim() !== "");
    return lines.reverse().slice(0, 1000);  // readline wants the newest first
  } catch {
    return [];
  }
}
