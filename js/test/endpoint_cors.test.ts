// The strict endpoint's CORS, as S3 and GCS apply a bucket's rules: what a
// preflight is answered, which real replies carry CORS headers, and which
// configurations are refused. (The browser tests show Chromium obeying it.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectEndpoint, type CorsConfiguration } from "./support/object_endpoint.js";
import { endpointTarget } from "./support/remote_stores.js";

const APP = "https://app.example.com";
const endpoint = new ObjectEndpoint({ dialect: "s3" });
beforeAll(() => endpoint.start());
afterAll(() => endpoint.stop());

const S3_RULES: CorsConfiguration = [
  {
    AllowedOrigins: [APP, "https://*.preview.example.com"],
    AllowedMethods: ["GET", "HEAD", "PUT", "DELETE"],
    AllowedHeaders: ["range", "if-match", "if-none-match"],
    ExposeHeaders: ["ETag", "Content-Range", "Content-Length"],
    MaxAgeSeconds: 3600,
  },
  { AllowedOrigins: ["*"], AllowedMethods: ["GET"] },
];

const GCS_RULES: CorsConfiguration = [
  {
    origin: [APP],
    method: ["GET", "HEAD", "PUT", "DELETE"],
    responseHeader: ["ETag", "x-goog-generation", "Content-Range", "Range", "x-goog-if-generation-match"],
    maxAgeSeconds: 600,
  },
];

function preflight(bucket: string, origin: string | undefined, method: string, headers?: string): Promise<Response> {
  const h: Record<string, string> = { "access-control-request-method": method };
  if (origin) h["origin"] = origin;
  if (headers) h["access-control-request-headers"] = headers;
  return fetch(`${endpoint.url}/${bucket}/ns/manifest.json`, { method: "OPTIONS", headers: h });
}

describe("the endpoint's CORS (S3 rules)", () => {
  beforeAll(() => endpoint.configureBucket("s3-cors", { cors: S3_RULES }));

  it("answers an allowed preflight with the origin, the rule's methods, the asked headers and the max age", async () => {
    const reply = await preflight("s3-cors", APP, "PUT", "if-match, If-None-Match");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe(APP);
    expect(reply.headers.get("access-control-allow-methods")).toBe("GET, HEAD, PUT, DELETE");
    expect(reply.headers.get("access-control-allow-headers")).toBe("if-match, if-none-match");
    expect(reply.headers.get("access-control-max-age")).toBe("3600");
    expect(reply.headers.get("access-control-allow-credentials")).toBe("true");
    expect(reply.headers.get("vary")).toContain("Origin");
    // A wildcard origin matches; a "*" rule answers "*".
    expect((await preflight("s3-cors", "https://pr-7.preview.example.com", "GET", "range")).status).toBe(200);
    const any = await preflight("s3-cors", "https://elsewhere.example", "GET");
    expect(any.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("refuses a preflight for a header, a method or an origin no rule allows, as S3 does (403)", async () => {
    for (const [origin, method, headers] of [
      [APP, "PUT", "if-match, x-goog-if-generation-match"],
      [APP, "POST", undefined],
      ["https://elsewhere.example", "PUT", "if-match"],
      ["https://preview.example.com", "GET", "range"],
    ] as const) {
      const reply = await preflight("s3-cors", origin, method, headers);
      expect(reply.status, `${origin} ${method} ${headers}`).toBe(403);
      expect(reply.headers.get("access-control-allow-origin")).toBeNull();
      expect(await reply.text()).toMatch(/<Code>AccessForbidden<\/Code><Message>CORSResponse: This CORS request is not allowed/);
    }
    expect((await preflight("s3-cors", undefined, "GET")).status).toBe(400);
    const log = endpoint.log.filter((r) => r.op === "options" && r.status === 403);
    expect(log.every((r) => /^CORS refused/.test(r.fault ?? ""))).toBe(true);
  });

  it("refuses every preflight to a bucket without CORS rules", async () => {
    const reply = await preflight("plain", APP, "GET", "range");
    expect(reply.status).toBe(403);
    expect(await reply.text()).toMatch(/CORS is not enabled for this bucket/);
  });

  it("puts the rule's headers on real replies from an allowed origin, errors included, and none for others", async () => {
    const { store, presigner } = endpointTarget(endpoint, {}, {}, "s3-cors");
    await store.put("ns/a", new Uint8Array(10), { ifAbsent: true });
    const url = (await presigner.presign({ op: "get", key: "ns/a" })).url;
    const allowed = await fetch(url, { headers: { origin: APP, range: "bytes=2-5" } });
    expect(allowed.status).toBe(206);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP);
    expect(allowed.headers.get("access-control-expose-headers")).toBe("ETag, Content-Range, Content-Length");
    const missing = await fetch((await presigner.presign({ op: "get", key: "ns/none" })).url, { headers: { origin: APP } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBe(APP);
    // Another origin: served all the same (a browser hides it), without CORS headers.
    const put = await presigner.presign({ op: "put", key: "ns/b", ifAbsent: true });
    const other = await fetch(put.url, { method: "PUT", headers: { ...put.headers, origin: "https://evil.example" }, body: new Uint8Array(1) });
    expect(other.status).toBe(200);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(other.headers.get("access-control-expose-headers")).toBeNull();
    expect(endpoint.log.at(-1)).toMatchObject({ op: "put", key: "ns/b", origin: "https://evil.example" });
  });
});

describe("the endpoint's CORS (GCS rules, a GCS bucket beside S3 ones)", () => {
  beforeAll(() => endpoint.configureBucket("gcs-cors", { dialect: "gcs", cors: GCS_RULES }));

  it("allows the request headers and exposes the response headers of responseHeader", async () => {
    const reply = await preflight("gcs-cors", APP, "PUT", "x-goog-if-generation-match");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe(APP);
    expect(reply.headers.get("access-control-allow-headers")).toBe("etag, x-goog-generation, content-range, range, x-goog-if-generation-match");
    expect(reply.headers.get("access-control-max-age")).toBe("600");
    const { store, presigner } = endpointTarget(endpoint, {}, { dialect: "gcs" }, "gcs-cors");
    await store.put("ns/a", new Uint8Array(4), { ifAbsent: true });
    const got = await fetch((await presigner.presign({ op: "get", key: "ns/a" })).url, { headers: { origin: APP } });
    expect(got.headers.get("x-goog-generation")).toMatch(/^\d+$/);
    expect(got.headers.get("access-control-expose-headers")).toBe("ETag, x-goog-generation, Content-Range, Range, x-goog-if-generation-match");
  });

  it("leaves the CORS headers out of a refused preflight instead of failing it", async () => {
    const reply = await preflight("gcs-cors", APP, "PUT", "if-match");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    expect(endpoint.log.at(-1)).toMatchObject({ op: "options", status: 200, fault: expect.stringMatching(/^CORS refused/) });
  });
});

describe("CORS configurations the services would refuse", () => {
  it("are refused with the reason", () => {
    const bad: Array<[CorsConfiguration, "s3" | "gcs", RegExp]> = [
      [[{ AllowedOrigins: [APP], AllowedMethods: ["GET"], ExposedHeaders: ["ETag"] } as never], "s3", /unknown key 'ExposedHeaders'/],
      [[{ AllowedOrigins: [APP], AllowedMethods: ["PATCH"] }], "s3", /unsupported method 'PATCH'/],
      [[{ AllowedOrigins: [APP], AllowedMethods: ["GET"], ExposeHeaders: ["x-*"] }], "s3", /ExposeHeaders takes no wildcard/],
      [[{ AllowedOrigins: ["https://*.*.example.com"], AllowedMethods: ["GET"] }], "s3", /more than one wildcard/],
      [[{ AllowedMethods: ["GET"] } as never], "s3", /AllowedOrigins must be an array/],
      [[{ origin: [APP], method: ["GET"], responseHeaders: ["ETag"] } as never], "gcs", /unknown key 'responseHeaders'/],
      [[], "s3", /non-empty array/],
    ];
    for (const [cors, dialect, reason] of bad) {
      expect(() => endpoint.configureBucket("bad", { dialect, cors })).toThrow(reason);
    }
    // S3 rules on a GCS bucket (and the other way round) are in the wrong format.
    expect(() => endpoint.configureBucket("bad", { dialect: "gcs", cors: S3_RULES })).toThrow(/unknown key 'AllowedOrigins'/);
  });
});
