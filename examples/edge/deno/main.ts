/**
 * Cypher over HTTP from Deno, on a namespace in a local folder (or memory):
 *
 *   deno run --allow-net=127.0.0.1 --allow-read=./data --allow-write=./data \
 *     --allow-run=flock main.ts "file:./data?ns=demo" [port]
 *   deno run --allow-net=127.0.0.1 main.ts memory://demo      # no file access at all
 *
 *   GET  /query?q=<cypher>                      read
 *   POST /query  {"query": "...", "params": {}} read
 *   POST /write  {"query": "...", "params": {}} one transaction
 *
 * The engine's wasm comes in as a module source (the package's "deno"
 * export), so loading it needs no permission; only the folder does.
 */
import { InvalidArgumentError, NamiDBError, open } from "namidb-wasm";

const target = Deno.args[0] ?? "memory://demo";
const port = Number(Deno.args[1] ?? "8000");  // 0: any free port
const db = await open(target);

const STATUS: Record<string, number> = { InvalidArgument: 400, NotFound: 404, Conflict: 409, ResourceExhausted: 413, Cancelled: 504 };

async function statement(request: Request, url: URL): Promise<{ query: string; params: Record<string, unknown> }> {
  const body = request.method === "GET" ? { query: url.searchParams.get("q") } : await request.json().catch(() => null);
  if (typeof body?.query !== "string") throw new InvalidArgumentError('send {"query": "<cypher>", "params": {...}}');
  return { query: body.query, params: body.params ?? {} };
}

// bigint (past 2^53) as text; the rest of a result is plain JSON already or has a toString().
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body, (_key, v) => (typeof v === "bigint" ? v.toString() : v)), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

Deno.serve({
  hostname: "127.0.0.1",
  port,
  onListen: ({ port }) => console.log(JSON.stringify({ listening: `http://127.0.0.1:${port}/`, target })),
}, async (request) => {
  const url = new URL(request.url);
  try {
    if (url.pathname === "/query" || (url.pathname === "/write" && request.method === "POST")) {
      const { query, params } = await statement(request, url);
      const result = url.pathname === "/write" ? await db.write(query, params) : await db.query(query, params);
      return json({ columns: result.columns, rows: result.rows, counters: result.counters });
    }
    return json({ error: { code: "NotFound", message: `no route ${request.method} ${url.pathname}` } }, 404);
  } catch (err) {
    if (!(err instanceof NamiDBError)) throw err;
    return json({ error: { name: err.name, code: err.code, message: err.message } }, STATUS[err.code] ?? 500);
  }
});
