/**
 * Cypher over HTTP on a namidb namespace in R2.
 *
 *   GET  /                         what this Worker serves
 *   GET  /query?q=<cypher>&params=<json>
 *   POST /query  {"query": "...", "params": {...}}      read-only
 *   POST /write  {"query": "...", "params": {...}}      with Authorization: Bearer <WRITE_TOKEN>
 *
 * Answers `{columns, rows, ms}` (and `counters` for writes), or `{error: {name,
 * code, message}}` with a status that says whose fault it was. Integers past
 * 2^53 come as strings, bytes as base64, temporal values as ISO 8601 text.
 *
 * One reader per isolate serves every query: it is opened on the first
 * request, keeps its caches (bounded by CACHE_MB and R2_CACHE_MB) across
 * requests, and moves to the newest commit at most every REFRESH_SECONDS.
 */
import {
  CypherDate,
  CypherDateTime,
  CypherDuration,
  CypherLocalDateTime,
  CypherLocalTime,
  CypherTime,
  InvalidArgumentError,
  NamiDBError,
  open,
  R2Store,
  type Database,
  type OpenOptions,
} from "namidb-wasm";

export interface Env {
  GRAPHS: R2Bucket;
  NAMESPACE: string;
  PREFIX?: string;
  CACHE_MB?: string;
  R2_CACHE_MB?: string;
  TIMEOUT_MS?: string;
  MAX_ROWS?: string;
  REFRESH_SECONDS?: string;
  /** A secret (`wrangler secret put WRITE_TOKEN`); without it the Worker is read-only. */
  WRITE_TOKEN?: string;
}

const MiB = 1024 * 1024;

let reader: { db: Promise<Database>; refreshedAt: number } | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/" && request.method === "GET") return about(env);
      if (url.pathname === "/query" && (request.method === "GET" || request.method === "POST")) {
        return await query(await statementOf(request, url), env);
      }
      if (url.pathname === "/write" && request.method === "POST") return await write(request, env);
      return reply(404, { error: { name: "NotFound", code: "NotFound", message: `no route ${request.method} ${url.pathname}` } });
    } catch (err) {
      return failure(err);
    }
  },
};

interface Statement {
  query: string;
  params: Record<string, unknown>;
}

async function statementOf(request: Request, url: URL): Promise<Statement> {
  if (request.method === "GET") {
    const params = url.searchParams.get("params");
    return checked({ query: url.searchParams.get("q"), params: params === null ? {} : parseJson(params, "params") });
  }
  return checked(parseJson(await request.text(), "the request body"));
}

function checked(body: unknown): Statement {
  const { query, params = {} } = (body ?? {}) as { query?: unknown; params?: unknown };
  if (typeof query !== "string" || query.trim() === "") throw badRequest('send {"query": "<cypher>", "params": {...}} (or GET /query?q=...)');
  if (params === null || typeof params !== "object" || Array.isArray(params)) throw badRequest("params must be a JSON object");
  return { query, params: params as Record<string, unknown> };
}

// `satisfies`, not a return type: without a `worker` option open() resolves to a Database.
function options(env: Env, mode: "read" | "write") {
  return {
    mode,
    cacheBytes: number(env.CACHE_MB, 16) * MiB,
    limits: { timeoutMs: number(env.TIMEOUT_MS, 10_000), maxRows: number(env.MAX_ROWS, 10_000) },
  } satisfies OpenOptions;
}

function target(env: Env) {
  const store = new R2Store(env.GRAPHS, { cache: { maxBytes: number(env.R2_CACHE_MB, 8) * MiB } });
  return { store, namespace: env.NAMESPACE, prefix: env.PREFIX ?? "" };
}

async function query(statement: Statement, env: Env): Promise<Response> {
  const started = Date.now();
  const db = await currentReader(env);
  const result = await db.query(statement.query, statement.params);
  return reply(200, { columns: result.columns, rows: plain(result.rows), ms: Date.now() - started });
}

async function currentReader(env: Env): Promise<Database> {
  if (!reader) {
    const db = open(target(env), options(env, "read"));
    reader = { db, refreshedAt: Date.now() };
    db.catch(() => (reader = undefined));  // a namespace that is not there yet is looked for again
    return db;
  }
  const db = await reader.db;
  if (Date.now() - reader.refreshedAt >= number(env.REFRESH_SECONDS, 10) * 1000) {
    reader.refreshedAt = Date.now();
    await db.refresh();
  }
  return db;
}

async function write(request: Request, env: Env): Promise<Response> {
  if (!env.WRITE_TOKEN) {
    return reply(403, { error: { name: "Forbidden", code: "Forbidden", message: "this Worker is read-only: set the WRITE_TOKEN secret to accept writes" } });
  }
  if (request.headers.get("authorization") !== `Bearer ${env.WRITE_TOKEN}`) {
    return reply(401, { error: { name: "Unauthorized", code: "Unauthorized", message: "POST /write needs Authorization: Bearer <WRITE_TOKEN>" } });
  }
  const statement = checked(parseJson(await request.text(), "the request body"));
  const started = Date.now();
  const db = await open(target(env), options(env, "write"));
  try {
    const result = await db.write(statement.query, statement.params);
    if (reader) reader.refreshedAt = 0;  // the next query sees this write
    return reply(200, { columns: result.columns, rows: plain(result.rows), counters: result.counters, ms: Date.now() - started });
  } finally {
    await db.close();
  }
}

function about(env: Env): Response {
  return reply(200, {
    namespace: env.NAMESPACE,
    prefix: env.PREFIX ?? "",
    writes: env.WRITE_TOKEN ? "POST /write with Authorization: Bearer <WRITE_TOKEN>" : "disabled",
    usage: ["GET /query?q=<cypher>&params=<json>", 'POST /query {"query": "...", "params": {}}'],
  });
}

// Status by whose fault it was: bad input, a missing namespace, a lost race, a limit.
const STATUS: Record<string, number> = {
  InvalidArgument: 400,
  NotFound: 404,
  Conflict: 409,
  PreconditionFailed: 409,
  ResourceExhausted: 413,
  Cancelled: 504,
};

function failure(err: unknown): Response {
  if (err instanceof NamiDBError) {
    if (err.code === "Internal") reader = undefined;  // e.g. an aborted engine: start afresh
    const { line, column } = err as { line?: number; column?: number };
    return reply(STATUS[err.code] ?? 500, { error: { name: err.name, code: err.code, message: err.message, line, column } });
  }
  return reply(500, { error: { name: "Error", code: "Internal", message: String(err) } });
}

function badRequest(message: string): InvalidArgumentError {
  return new InvalidArgumentError(message);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`${what} is not JSON`);
  }
}

function number(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text === undefined || text === "" || !Number.isFinite(n) || n < 0 ? fallback : n;
}

const TEMPORAL = [CypherDate, CypherLocalTime, CypherTime, CypherLocalDateTime, CypherDateTime, CypherDuration];

// Results as JSON can carry them.
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return btoa(String.fromCharCode(...value));
  if (TEMPORAL.some((kind) => value instanceof kind)) return String(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}
