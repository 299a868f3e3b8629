// FetchStore's own behaviour beyond the store contract: what is retried and
// what never is, timeouts, the bound on requests in flight, signed URLs
// reused across ranges, the block cache, its typed refusals, and headers a
// browser hid (CORS).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { CorsHeaderError, InvalidArgumentError, IoError, NotFoundError } from "../../dist/js/errors.js";
import { FetchStore } from "../../dist/js/fetch/fetch_store.js";
import { ObjectEndpoint } from "./support/object_endpoint.js";
import { endpointTarget } from "./support/remote_stores.js";

const endpoint = new ObjectEndpoint({ dialect: "s3" });
beforeAll(() => endpoint.start());
afterAll(() => endpoint.stop());

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);
/**
 * A fetch that hands over replies as a browser does for another origin whose
 * CORS rules do not expose `header`: the header gone, and (with `cors`)
 * Response.type "cors".
 */
const hiding = (header: string, cors: boolean): typeof fetch => async (input, init) => {
  const reply = await fetch(input, init);
  const headers = new Headers(reply.headers);
  headers.delete(header);
  const body = reply.status === 204 || init?.method === "HEAD" ? null : await reply.arrayBuffer();
  const filtered = new Response(body, { status: reply.status, headers });
  if (cors) Object.defineProperty(filtered, "type", { value: "cors" });
  return filtered;
};
const puts = (bucket: string) => endpoint.log.filter((r) => r.bucket === bucket && r.op === "put").length;

describe("FetchStore", () => {
  it("never retries a put that may have reached the store, and retries reads until it gives up", async () => {
    const { store, bucketUrl } = endpointTarget(endpoint);
    const bucket = new URL(bucketUrl).pathname.split("/")[1]!;
    endpoint.addFault({ op: "put", fault: "status", status: 500, key: "k/a" });
    const put = store.put("k/a", bytes(10), { ifAbsent: true });
    await expect(put).rejects.toThrow(/500 InternalError.*the outcome is unknown.*not retried/);
    expect(puts(bucket)).toBe(1);
    endpoint.addFault({ op: "put", fault: "reset", key: "k/b" });
    await expect(store.put("k/b", bytes(10), { ifAbsent: true })).rejects.toBeInstanceOf(IoError);
    expect(puts(bucket)).toBe(2);

    await store.put("k/c", bytes(10), { ifAbsent: true });
    endpoint.addFault({ op: "get", fault: "status", status: 503, key: "k/c", times: 5 });
    const before = store.stats.requests;
    await expect(store.get("k/c")).rejects.toThrow(/failed after 5 attempts/);
    expect(store.stats.requests - before).toBe(5);
    endpoint.clearFaults();
    expect((await store.get("k/c")).data).toEqual(bytes(10));
  });

  it("gives each attempt a timeout", async () => {
    const { store: setup, presigner } = endpointTarget(endpoint);
    await setup.put("t/a", bytes(4), { ifAbsent: true });
    const store = new FetchStore({ presignBatch: (r) => presigner.presignBatch(r), timeoutMs: 20, retries: 1, retryBaseMs: 1 });
    endpoint.latencyMs = 500;
    try {
      await expect(store.get("t/a")).rejects.toThrow(/after 2 attempts: no complete reply within 20 ms/);
    } finally {
      endpoint.latencyMs = 0;
    }
  });

  it("keeps to maxInFlight, signs a key's get URL once for all its ranges, and caches immutable objects", async () => {
    const { store } = endpointTarget(endpoint, {}, { maxInFlight: 3 });
    const keys = Array.from({ length: 12 }, (_, i) => `ns/sst/nodes-${i}.sst`);
    await Promise.all(keys.map((k) => store.put(k, bytes(1000), { ifAbsent: true })));
    endpoint.maxActive = 0;
    const results = await store.getMany(keys.map((key) => ({ key, range: { offset: 100, length: 10 } })));
    expect(results.every((r) => !(r instanceof Error) && r.data[0] === 100)).toBe(true);
    expect(endpoint.maxActive).toBeLessThanOrEqual(3);
    const signed = store.stats.presignCalls;
    const requests = store.stats.requests;
    // Other ranges of the same objects: no new signature; the cached range: no request at all.
    await store.getMany(keys.map((key) => ({ key, range: { offset: 500, length: 10 } })));
    expect(store.stats.presignCalls).toBe(signed);
    expect(store.stats.requests - requests).toBe(12);
    await store.getMany(keys.map((key) => ({ key, range: { offset: 102, length: 5 } })));
    expect(store.stats.requests - requests).toBe(12);
    expect(store.stats.memoryCacheHits).toBe(12);
    // The manifest is never cached.
    await store.put("ns/manifest.json", bytes(3), { ifAbsent: true });
    await store.get("ns/manifest.json");
    await store.get("ns/manifest.json");
    expect(store.stats.requests - requests).toBe(12 + 3);  // the put and both gets
  });

  it("refuses a bad configuration and reports what the store refused", async () => {
    expect(() => new FetchStore({} as never)).toThrow(InvalidArgumentError);
    expect(() => new FetchStore({ baseUrl: "http://x/", presign: async () => ({ url: "" }) })).toThrow(InvalidArgumentError);
    expect(() => new FetchStore({ baseUrl: "not a url" })).toThrow(InvalidArgumentError);
    expect(() => new FetchStore({ baseUrl: "http://x/", dialect: "ftp" as "s3" })).toThrow(InvalidArgumentError);
    expect(() => new FetchStore({ presign: async () => ({ url: "" }), cache: { persistent: { get: async () => undefined, put: async () => undefined } } }))
      .toThrow(/cache.scope/);
    const { store } = endpointTarget(endpoint, { access: "read" });
    await expect(store.put("r/x", bytes(1), { ifAbsent: true })).rejects.toThrow(/refused: this signer gives read access/);
    const forged = new FetchStore({ presign: async (r) => ({ url: `${endpoint.url}/b/${r.key}` }) });
    await expect(forged.get("r/x")).rejects.toThrow(/403 AccessDenied.*refused the request/);
    await expect(new FetchStore({ baseUrl: `${endpoint.url}/nobucket/` }).get("r/x")).rejects.toBeInstanceOf(IoError);
    const publicStore = new FetchStore({ baseUrl: `${endpoint.url}/pub-empty/` });
    await expect(publicStore.list("ns/x")).rejects.toThrow(/namespace folder/);
    await expect(new FetchStore({ presign: async () => { throw new Error("backend down"); } }).get("a/b"))
      .rejects.toThrow(/presign failed: backend down/);
    expect(await new FetchStore({ presign: async (r) => endpointTarget(endpoint).presigner.presign(r) }).get("no/such").catch((e) => e))
      .toBeInstanceOf(NotFoundError);
  });

  it("names the CORS setting when a browser hid a header it needs, and only then", async () => {
    const { store: writer } = endpointTarget(endpoint, {}, {}, "hidden");
    await writer.put("ns/a", bytes(10), { ifAbsent: true });
    const reader = (name: string, cors: boolean) => endpointTarget(endpoint, {}, { fetch: hiding(name, cors), cache: false }, "hidden").store;

    const etag = await reader("etag", true).get("ns/a").catch((e: unknown) => e);
    expect(etag).toBeInstanceOf(CorsHeaderError);
    expect(etag).toBeInstanceOf(IoError);
    expect(etag).toMatchObject({ code: "IoError", header: "ETag", setting: "ExposeHeaders" });
    expect((etag as Error).message).toMatch(/get of 'ns\/a' .* without its ETag header: the CORS rules do not expose it.*Add "ETag" to ExposeHeaders/);
    const range = await reader("content-range", true).get("ns/a", { offset: 2, length: 3 }).catch((e: unknown) => e);
    expect(range).toMatchObject({ name: "CorsHeaderError", header: "Content-Range", setting: "ExposeHeaders" });
    const put = await reader("etag", true).put("ns/b", bytes(3), { ifAbsent: true }).catch((e: unknown) => e);
    expect(put).toMatchObject({ name: "CorsHeaderError", header: "ETag" });
    // Outside a browser the service did not send it: a plain IoError that says so.
    const plain = await reader("etag", false).get("ns/a").catch((e: unknown) => e);
    expect(plain).not.toBeInstanceOf(CorsHeaderError);
    expect(plain).toBeInstanceOf(IoError);
  });

  it("hands a CorsHeaderError through the engine to the Database's caller as it is", async () => {
    const { store: writer } = endpointTarget(endpoint, {}, {}, "hidden-db");
    const db = await open({ store: writer, namespace: "g" });
    await db.write("CREATE (:A {v: 1})");
    await db.close();
    const { store } = endpointTarget(endpoint, {}, { fetch: hiding("etag", true) }, "hidden-db");
    const err = await open({ store, namespace: "g" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorsHeaderError);
    expect(err).toMatchObject({ header: "ETag", setting: "ExposeHeaders" });
  });
});
