/**
 * open / query / write: a namespace of an object store as a graph database.
 *
 * `open()` claims the namespace as its writer (creating it if new); every
 * `write()` is one transaction, durable when its promise resolves (a WAL
 * segment and a manifest swap), and `query()` runs read-only statements
 * against the same session, seeing its own writes at once.
 */
import type { DatabaseClientHandle, StoreReplyError } from "../wasm/namidb.mjs";
import { Engine } from "./engine.js";
import { codeFromNumber, CypherError, errorFromCode, InvalidArgumentError } from "./errors.js";
import { MemoryStore } from "./memory_store.js";
import type { ObjectStore } from "./store.js";
import { decodeValue, encodeParameters } from "./values.js";

export interface UpdateCounters {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
  labelsAdded: number;
  labelsRemoved: number;
}

export class QueryResult {
  constructor(
    /** Column names, in RETURN order. */
    readonly columns: string[],
    /** One array per row, one value per column. */
    readonly rows: unknown[][],
    /** What a write() changed. */
    readonly counters?: UpdateCounters,
    /** PROFILE: the plan with rows and time per operator. */
    readonly profile?: string[],
  ) {}

  /** The rows as objects keyed by column name. */
  toObjects(): Record<string, unknown>[] {
    return this.rows.map((row) => Object.fromEntries(this.columns.map((c, i) => [c, row[i]])));
  }
}

export interface OpenOptions {
  /** The engine (module instance) to run in; a shared default one otherwise. */
  engine?: Engine;
  /**
   * "number" (default): integers as numbers when safe, bigint beyond ±2^53.
   * "bigint": every integer as a bigint, so integers and floats stay apart
   * (pass `float(x)` for a float parameter).
   */
  integers?: "number" | "bigint";
}

export type OpenTarget = string | { store: ObjectStore; namespace: string; prefix?: string };

let defaultEngine: Promise<Engine> | undefined;

function fail(reply: StoreReplyError): never {
  const e = reply.error;
  if (e.type !== undefined) {
    const info = { type: e.type, phase: e.phase ?? "", detail: e.detail ?? "" } as {
      type: string;
      phase: string;
      detail: string;
      line?: number;
      column?: number;
    };
    if (e.line !== undefined) info.line = e.line;
    if (e.column !== undefined) info.column = e.column;
    throw new CypherError(e.message, info);
  }
  throw errorFromCode(codeFromNumber(e.code), e.message);
}

function isError(reply: object): reply is StoreReplyError {
  return "error" in reply;
}

export class Database {
  private closed = false;

  private constructor(
    private readonly engine: Engine,
    private readonly client: DatabaseClientHandle,
    private readonly release: () => void,
    private readonly lossless: boolean,
  ) {}

  /** @internal Opens `namespace` of `store` in `engine`. */
  static async openIn(
    engine: Engine,
    store: ObjectStore,
    namespace: string,
    prefix = "",
    lossless = false,
  ): Promise<Database> {
    const { client, release } = engine.createDatabaseClient(store);
    const reply = await engine.run(() => client.open(namespace, prefix));
    if (isError(reply)) {
      await engine.run(() => client.delete());
      release();
      fail(reply);
    }
    return new Database(engine, client, release, lossless);
  }

  /** Runs a read-only statement; an updating clause is a CypherError. */
  query(cypher: string, params: Record<string, unknown> = {}): Promise<QueryResult> {
    return this.run(cypher, params, false);
  }

  /** Runs any statement as one transaction: committed when this resolves. */
  write(cypher: string, params: Record<string, unknown> = {}): Promise<QueryResult> {
    return this.run(cypher, params, true);
  }

  /** Writes what was committed since the last flush as data files. */
  async flush(): Promise<void> {
    this.checkOpen();
    const reply = await this.engine.run(() => this.client.flush());
    if (isError(reply)) fail(reply);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.engine.run(() => this.client.delete());
    this.release();
  }

  private checkOpen(): void {
    if (this.closed) throw new InvalidArgumentError("this database is closed");
  }

  private async run(cypher: string, params: Record<string, unknown>, write: boolean): Promise<QueryResult> {
    this.checkOpen();
    if (typeof cypher !== "string") throw new InvalidArgumentError("a statement must be a string");
    const json = encodeParameters(params);
    const reply = await this.engine.run(() => this.client.run(cypher, json, write, this.lossless));
    if (isError(reply)) fail(reply);
    const out = JSON.parse(reply.json) as {
      columns: string[];
      rows: unknown[][];
      counters?: UpdateCounters;
      profile?: string[];
    };
    const rows = out.rows.map((row) => row.map(decodeValue));
    return new QueryResult(out.columns, rows, out.counters, out.profile);
  }
}

/**
 * Opens a namespace: `memory://name` (a fresh in-memory store), or a store
 * of your own with `{store, namespace, prefix?}`.
 */
export async function open(target: OpenTarget, options: OpenOptions = {}): Promise<Database> {
  const engine = options.engine ?? (await (defaultEngine ??= Engine.load()));
  const lossless = options.integers === "bigint";
  if (typeof target === "string") {
    const m = /^memory:\/\/([a-z0-9][a-z0-9-]{0,62})$/.exec(target);
    if (!m) throw new InvalidArgumentError(`unsupported database URI '${target}' (memory://<namespace>)`);
    return Database.openIn(engine, new MemoryStore(), m[1]!, "", lossless);
  }
  return Database.openIn(engine, target.store, target.namespace, target.prefix ?? "", lossless);
}
