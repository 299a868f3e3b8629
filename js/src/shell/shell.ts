/**
 * The interactive Cypher shell: reads statements (ending in `;`, over as many
 * lines as they take) and `:commands`, runs them on one open database, and
 * prints each result as a table with its timing.
 */
import { appendFile, readFile } from "node:fs/promises";
import { createInterface, type Interface } from "node:readline";
import type { Database } from "../database.js";
import { CypherError, NamiDBError } from "../errors.js";
import { DEMO_QUERIES } from "./demo_graph.js";
import { formatResult } from "./format.js";

export const HELP = `Statements end with ';' and may span lines. Commands:
  :help              this text
  :explain <query>   the plan of a query, without running it
  :profile <query>   run a query; the plan with rows and time per operator
  :open <uri>        open another database (memory://name, file:./dir?ns=name)
  :examples          queries to try on the demo graph
  :quit              leave (also Ctrl-D)
Statements run with write(): each is one transaction, committed when it returns.`;

export interface ShellIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where history lines are kept (interactive terminals only). */
  historyFile?: string;
}

export class Shell {
  private buffer: string[] = [];
  private rl?: Interface;

  constructor(
    private db: Database,
    private uri: string,
    private readonly reopen: (uri: string) => Promise<Database>,
    private readonly io: ShellIo,
  ) {}

  /** Runs until the input ends or :quit; resolves with the database still open. */
  async run(): Promise<Database> {
    const terminal = (this.io.input as { isTTY?: boolean }).isTTY === true;
    const history = terminal && this.io.historyFile ? await loadHistory(this.io.historyFile) : [];
    const rl = createInterface({ input: this.io.input, output: this.io.output, terminal, history, historySize: 1000 });
    this.rl = rl;
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
    // Input ended: a statement without its ';' still runs.
    if (this.buffer.join("").trim() !== "") await this.statement(this.buffer.join("\n"));
    rl.close();
    return this.db;
  }

  /** One input line; false to stop. */
  async handle(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (this.buffer.length === 0 && trimmed.startsWith(":")) return this.command(trimmed);
    if (this.buffer.length === 0 && trimmed === "") return true;
    this.buffer.push(line);
    if (!trimmed.endsWith(";")) return true;
    const text = this.buffer.join("\n");
    this.buffer = [];
    await this.statement(text);
    return true;
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
    try {
      const r = this.db.mode === "read" ? await this.db.query(cypher) : await this.db.write(cypher);
      const ms = performance.now() - t0;
      if (/^EXPLAIN\s/i.test(cypher)) {
        this.print(r.rows.map((row) => String(row[0])).join("\n"));  // the plan, one operator a line
        return;
      }
      this.print(formatResult(r, ms));
      if (profile && r.profile) this.print(r.profile.join("\n"));
    } catch (err) {
      this.printError(err);
    }
  }

  private printError(err: unknown): void {
    if (err instanceof CypherError) {
      this.print(err.message);  // "SyntaxError (UndefinedVariable) at line 1, column 18: ..."
    } else if (err instanceof NamiDBError) {
      this.print(`${err.name}: ${err.message}`);
    } else {
      throw err;
    }
  }

  private prompt(): void {
    if (!this.rl || !(this.io.input as { isTTY?: boolean }).isTTY) return;
    this.rl.setPrompt(this.buffer.length === 0 ? "namidb> " : "   ...> ");
    this.rl.prompt();
  }

  private print(text: string): void {
    this.io.output.write(text + "\n");
  }
}

async function loadHistory(file: string): Promise<string[]> {
  try {
    const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l.trim() !== "");
    return lines.reverse().slice(0, 1000);  // readline wants the newest first
  } catch {
    return [];
  }
}
