// The Presigner is the security boundary of the signed mode: these tests show
// what it refuses to sign, and that the strict endpoint refuses what a URL
// was not signed for (another method, a tampered path, a stripped or changed
// precondition, an expired signature, a replayed compare-and-swap).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AwsV4Signer } from "aws4fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../dist/js/errors.js";
import { FetchStore } from "../../dist/js/fetch/fetch_store.js";
import { presignEndpoint } from "../../dist/js/fetch/remote_presign.js";
import { Presigner } from "../../dist/js/presign/presigner.js";
import { Azurite } from "./support/azurite.js";
import { ObjectEndpoint } from "./support/object_endpoint.js";
import { azuriteTarget } from "./support/remote_stores.js";

const s3 = new ObjectEndpoint({ dialect: "s3" });
const gcs = new ObjectEndpoint({ dialect: "gcs" });
let azurite: Azurite;
beforeAll(async () => {
  await Promise.all([s3.start(), gcs.start()]);
  azurite = await Azurite.start();
});
afterAll(async () => {
  await Promise.all([s3.stop(), gcs.stop(), azurite?.stop()]);
});

function signer(endpoint: ObjectEndpoint, access: "read" | "write", bucket = "b") {
  return new Presigner({
    dialect: endpoint.dialect,
    bucketUrl: `${endpoint.url}/${bucket}/`,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    region: endpoint.region,
    prefixes: ["graphs/demo/"],
    access,
    expiresSeconds: 120,
  });
}

async function send(signed: { url: string; headers?: Record<string, string> }, method: string, extra: Record<string, string> = {}, body?: string) {
  const response = await fetch(signed.url, { method, headers: { ...signed.headers, ...extra }, ...(body !== undefined ? { body } : {}) });
  return { status: response.status, text: await response.text() };
}

async function refusal(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => { throw new Error("expected a refusal"); }, (err: unknown) => err);
}

describe("Presigner", () => {
  it("gives a reader get, head and list, never put or delete", async () => {
    const reader = signer(s3, "read");
    for (const op of ["get", "head"] as const) {
      expect((await reader.presign({ op, key: "graphs/demo/manifest.json" })).url).toContain("X-Amz-Signature=");
    }
    expect((await reader.presign({ op: "list", prefix: "graphs/demo/" })).url).toContain("list-type=2");
    for (const request of [
      { op: "put" as const, key: "graphs/demo/manifest.json", ifAbsent: true },
      { op: "put" as const, key: "graphs/demo/manifest.json", ifMatch: { etag: '"x"' } },
      { op: "delete" as const, key: "graphs/demo/manifest.json" },
    ]) {
      const err = await refusal(reader.presign(request));
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/refused: this signer gives read access/);
    }
  });

  it("refuses keys and list prefixes outside its prefixes, however spelled", async () => {
    const writer = signer(s3, "write");
    const outside = [
      "graphs/other/manifest.json",
      "graphs/demo/../other/manifest.json",
      "graphs/demo/./manifest.json",
      "graphs/demo//manifest.json",
      "graphs/demo/%2e%2e/other/manifest.json",
      "graphs/demo/..%2Fother/manifest.json",
      "graphs%2Fdemo/manifest.json",
      "graphs/demo\\..\\other",
      "graphs/demo/x?y",
      "graphs/demo/x#y",
      "graphs/demo/x y",
      "graphs/demox/manifest.json",
      "Graphs/demo/manifest.json",
      "/graphs/demo/manifest.json",
    ];
    for (const key of outside) {
      expect(await refusal(writer.presign({ op: "get", key })), key).toBeInstanceOf(InvalidArgumentError);
      expect(await refusal(writer.presign({ op: "put", key, ifAbsent: true })), key).toBeInstanceOf(InvalidArgumentError);
    }
    for (const prefix of ["", "graphs/", "graphs/dem", "graphs/demo/../", "graphs/demo/%2e%2e/", "other/"]) {
      expect(await refusal(writer.presign({ op: "list", prefix })), prefix).toBeInstanceOf(InvalidArgumentError);
    }
    expect(await refusal(writer.presign({ op: "put", key: "graphs/demo/x" }))).toBeInstanceOf(InvalidArgumentError);
    expect((await writer.presign({ op: "list", prefix: "graphs/demo/wal/" })).url).toContain("prefix=graphs%2Fdemo%2Fwal%2F");
  });

  it("signs short-lived URLs and refuses a bad configuration", async () => {
    const before = Date.now();
    const signed = await signer(s3, "read").presign({ op: "get", key: "graphs/demo/a" });
    expect(new URL(signed.url).searchParams.get("X-Amz-Expires")).toBe("120");
    expect(signed.expiresAt! - before).toBeGreaterThanOrEqual(119_000);
    expect(signed.expiresAt! - before).toBeLessThanOrEqual(121_000);
    const base = { dialect: "s3" as const, bucketUrl: "http://127.0.0.1/b/", credentials: { accessKeyId: "a", secretAccessKey: "b" }, access: "read" as const };
    expect(() => new Presigner({ ...base, prefixes: [] })).toThrow(InvalidArgumentError);
    expect(() => new Presigner({ ...base, prefixes: ["graphs"] })).toThrow(/ending in '\/'/);
    expect(() => new Presigner({ ...base, prefixes: ["graphs/../x/"] })).toThrow(InvalidArgumentError);
    expect(() => new Presigner({ ...base, prefixes: ["a/"], expiresSeconds: 0 })).toThrow(InvalidArgumentError);
    expect(() => new Presigner({ ...base, prefixes: ["a/"], access: "admin" as "read" })).toThrow(InvalidArgumentError);
  });

  it("answers over HTTP: 200 with URLs, 403 for a refusal, 400 for junk", async () => {
    const reader = signer(s3, "read");
    const post = (body: string) => reader.handle(new Request("http://x/presign", { method: "POST", body }));
    const ok = await post(JSON.stringify([{ op: "head", key: "graphs/demo/a" }]));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Array<{ url: string }>)[0]!.url).toContain("/b/graphs/demo/a?");
    const refused = await post(JSON.stringify([{ op: "get", key: "graphs/demo/a" }, { op: "put", key: "graphs/demo/a", ifAbsent: true }]));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("InvalidArgument");
    expect((await post("not json")).status).toBe(400);
  });
});

describe("a presign endpoint over HTTP", () => {
  it("serves a FetchStore's batches (presignEndpoint) and its refusals arrive typed", async () => {
    const writer = signer(s3, "write", "http");
    await writer.presign({ op: "put", key: "graphs/demo/a", ifAbsent: true }).then((u) => send(u, "PUT", {}, "hello"));
    const reader = signer(s3, "read", "http");
    let posts = 0;
    const server = createServer(async (req, res) => {
      posts++;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await reader.handle(new Request("http://local/presign", { method: req.method!, body: Buffer.concat(chunks) }));
      res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/presign`;
      const store = new FetchStore({ presignBatch: presignEndpoint(url), cache: false });
      const [a, b] = await store.getMany([
        { key: "graphs/demo/a", range: { offset: 0, length: 2 } },
        { key: "graphs/demo/missing" },
      ]);
      expect(new TextDecoder().decode((a as { data: Uint8Array }).data)).toBe("he");
      expect(b).toBeInstanceOf(Error);
      expect(posts).toBe(1);  // one POST signed the whole batch
      const refused = await refusal(store.put("graphs/demo/a", new Uint8Array(1), { ifAbsent: true }));
      expect(refused).toBeInstanceOf(InvalidArgumentError);
      expect((refused as Error).message).toMatch(/the presign endpoint answered 403: refused: this signer gives read access/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe.each([
  ["S3", s3],
  ["GCS", gcs],
])("the strict endpoint (%s) refuses what a URL was not signed for", (_name, endpoint) => {
  it("a reader's get URL cannot write or delete, and a tampered URL is refused", async () => {
    const writer = signer(endpoint, "write", "sec");
    const put = await writer.presign({ op: "put", key: "graphs/demo/a", ifAbsent: true });
    expect((await send(put, "PUT", {}, "first")).status).toBe(200);
    const get = await signer(endpoint, "read", "sec").presign({ op: "get", key: "graphs/demo/a" });
    expect(await send(get, "GET")).toEqual({ status: 200, text: "first" });
    expect((await send(get, "PUT", {}, "overwritten")).status).toBe(403);
    expect((await send(get, "DELETE")).status).toBe(403);
    const other = get.url.replace("/graphs/demo/a?", "/graphs/demo/b?");
    expect((await send({ url: other }, "GET")).status).toBe(403);
    const longer = get.url.replace("X-Amz-Expires=120", "X-Amz-Expires=600");
    expect((await send({ url: longer }, "GET")).status).toBe(403);
    const unsigned = get.url.slice(0, get.url.indexOf("?"));
    expect((await send({ url: unsigned }, "GET")).status).toBe(403);
    expect(await send(get, "GET")).toEqual({ status: 200, text: "first" });
  });

  it("an expired URL is refused", async () => {
    const url = new URL(`${endpoint.url}/sec/graphs/demo/a`);
    url.searchParams.set("X-Amz-Expires", "60");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString().replace(/[:-]|\.\d{3}/g, "");
    const signed = await new AwsV4Signer({
      method: "GET", url: url.href, accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey,
      service: "s3", region: endpoint.region, signQuery: true, datetime: twoHoursAgo,
    }).sign();
    const reply = await send({ url: signed.url.href }, "GET");
    expect(reply.status).toBe(403);
    expect(reply.text).toContain("Request has expired");
  });

  it("a compare-and-swap URL is bound to its precondition: stripped, changed or replayed, it is refused", async () => {
    const writer = signer(endpoint, "write", `cas-${endpoint.dialect}`);
    const create = await writer.presign({ op: "put", key: "graphs/demo/manifest.json", ifAbsent: true });
    const created = await fetch(create.url, { method: "PUT", headers: create.headers, body: "v1" });
    expect(created.status).toBe(200);
    const v1 = { etag: created.headers.get("etag")!, generation: Number(created.headers.get("x-goog-generation") ?? 0) };
    const swap = await writer.presign({ op: "put", key: "graphs/demo/manifest.json", ifMatch: v1 });
    const signedHeader = Object.keys(swap.headers!)[0]!;
    expect(new URL(swap.url).searchParams.get("X-Amz-SignedHeaders")).toContain(signedHeader);
    // Without the precondition, or with another one: refused before anything is written.
    const stripped = { ...swap.headers };
    delete stripped[signedHeader];
    expect((await fetch(swap.url, { method: "PUT", headers: stripped, body: "blind" })).status).toBe(403);
    const changed = { [signedHeader]: endpoint.dialect === "gcs" ? "0" : '"other"' };
    expect((await fetch(swap.url, { method: "PUT", headers: changed, body: "blind" })).status).toBe(403);
    expect((await fetch(create.url, { method: "PUT", body: "blind" })).status).toBe(403);
    // The swap itself, then its replay with a stale precondition: 412.
    expect((await fetch(swap.url, { method: "PUT", headers: swap.headers, body: "v2" })).status).toBe(200);
    expect((await fetch(swap.url, { method: "PUT", headers: swap.headers, body: "v3 replayed" })).status).toBe(412);
    expect((await fetch(create.url, { method: "PUT", headers: create.headers, body: "v3 replayed" })).status).toBe(412);
    expect(new TextDecoder().decode(endpoint.objects(`cas-${endpoint.dialect}`).get("graphs/demo/manifest.json"))).toBe("v2");
  });
});

describe("Azure SAS", () => {
  it("cannot bind the precondition: a write SAS used without If-Match overwrites (documented)", async () => {
    const { presigner } = await azuriteTarget(azurite, { prefixes: ["graphs/demo/"], unconditionalPuts: false });
    const create = await presigner.presign({ op: "put", key: "graphs/demo/manifest.json", ifAbsent: true });
    expect(create.headers).toEqual({});
    const put = (headers: Record<string, string>, body: string) =>
      fetch(create.url, { method: "PUT", headers: { "x-ms-blob-type": "BlockBlob", "x-ms-version": "2021-08-06", ...headers }, body });
    expect((await put({ "if-none-match": "*" }, "v1")).status).toBe(201);
    expect((await put({ "if-none-match": "*" }, "v2")).status).toBe(409);  // Azurite; Azure answers 412
    expect((await put({}, "blind")).status).toBe(201);  // nothing in the SAS stops it
    const read = await presigner.presign({ op: "get", key: "graphs/demo/manifest.json" });
    expect(await (await fetch(read.url)).text()).toBe("blind");
    expect((await fetch(read.url, { method: "PUT", headers: { "x-ms-blob-type": "BlockBlob" }, body: "x" })).status).toBe(403);
  });
});
