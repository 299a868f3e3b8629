/**
 * A strict object-store endpoint for tests and benchmarks: S3 and GCS (XML
 * API) semantics as their documentation and docs/stores.md describe them, on
 * node:http, loopback, port 0. No emulator on npm or Debian honours
 * conditional writes, so this one is written to the rules:
 *
 * - Every request must carry a valid presigned SigV4 query signature (GCS
 *   accepts the same through its S3 interoperability), checked with the very
 *   library that signs (aws4fetch): a tampered URL, an expired one, one whose
 *   signed header was stripped, or an x-amz-* / x-goog-* header that was not
 *   signed is refused with 403. Buckets named in `publicRead` also answer
 *   unsigned GET and HEAD (a public bucket).
 * - ETags are unique per write (unlike S3, whose ETag of equal content
 *   repeats), GCS generations grow per write.
 * - PUT: S3 `If-None-Match: *` (412 if present), `If-Match` (412 on a
 *   mismatch, 404 NoSuchKey if missing); GCS `x-goog-if-generation-match`
 *   (0: absent; 412 otherwise). Replies carry ETag and x-goog-generation.
 * - GET with Range answers 206 with Content-Range, 416 with `bytes *\/size`
 *   past the end; DELETE answers 204 (GCS: 404 for a missing object);
 *   ListObjectsV2 pages (prefix, start-after, continuation-token, max-keys) in
 *   UTF-8 byte order.
 * - CORS per bucket, as S3 and GCS apply it (cors_rules.ts): rules in the
 *   service's own JSON, preflights allowed or refused by origin, method and
 *   request headers, the rule's headers exposed on real requests, and none
 *   of it for an origin no rule allows (the browser then fails the request).
 *   A bucket without a CORS configuration refuses every preflight, as S3's
 *   default does. Requests without an Origin (Node) are served as they are.
 * - Buckets may differ in dialect (`configureBucket`), so one endpoint
 *   serves an S3 and a GCS bucket side by side.
 * - Faults per test: latency on every request, and rules that answer a status
 *   (5xx, 429, 409 ConditionalRequestConflict), reset the connection or cut a
 *   body short, before or after a write is carried out.
 *
 * Self-contained (node:http, node:crypto, aws4fetch), so the benchmark uses it too.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AwsV4Signer } from "aws4fetch";
import { CorsRules, refusedWithoutCors, type CorsConfiguration } from "./cors_rules.js";

export type { CorsConfiguration, GcsCorsRule, S3CorsRule } from "./cors_rules.js";

export type EndpointDialect = "s3" | "gcs";
export type EndpointOp = "get" | "head" | "put" | "delete" | "list";

export interface EndpointOptions {
  dialect?: EndpointDialect;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  /** Buckets that also answer unsigned GET and HEAD. */
  publicRead?: string[];
  /** Delay before every reply, in ms (a round trip's latency). */
  latencyMs?: number;
  /** Every bucket's CORS configuration, in the endpoint dialect's format (default: none). */
  cors?: CorsConfiguration;
}

/** One bucket's settings, where they differ from the endpoint's. */
export interface BucketOptions {
  dialect?: EndpointDialect;
  /** Its CORS configuration in its dialect's format; null: none. */
  cors?: CorsConfiguration | null;
  /** Also answers unsigned GET and HEAD. */
  publicRead?: boolean;
}

export interface FaultRule {
  op?: EndpointOp;
  /** The object key (or list prefix) it applies to: exact, or a pattern. */
  key?: string | RegExp;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /**
   * status: answer `status` (with `code`); reset: destroy the connection;
   * truncate: send the headers and half the body, then destroy.
   */
  fault: "status" | "reset" | "truncate";
  status?: number;
  code?: string;
  /** For writes: carry the write out first, then fail the reply (an ambiguous outcome). */
  afterApply?: boolean;
}

export interface LoggedRequest {
  op: EndpointOp | "options" | "refused";
  method: string;
  bucket: string;
  key: string;
  status: number;
  /** Bytes of the request body. */
  bytes: number;
  /** Bytes of the reply body (what a reader fetched). */
  sent: number;
  /** The request's Origin header (browsers send it on cross-origin requests). */
  origin?: string;
  /** What went wrong on purpose: an injected fault, or "CORS refused: …" for a refused preflight. */
  fault?: string;
}

interface StoredObject {
  data: Uint8Array;
  etag: string;
  generation: number;
}

export class ObjectEndpoint {
  readonly dialect: EndpointDialect;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  latencyMs: number;
  readonly log: LoggedRequest[] = [];
  /** Requests being handled now, and the most at once. */
  active = 0;
  maxActive = 0;
  private readonly publicRead: Set<string>;
  private readonly defaultCors: CorsRules | undefined;
  private readonly bucketOptions = new Map<string, { dialect: EndpointDialect; cors: CorsRules | undefined }>();
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  private faults: Array<FaultRule & { seen: number; hit: number }> = [];
  private counter = 0;
  private readonly signingKeys = new Map<string, ArrayBuffer>();  // aws4fetch's cache of derived keys
  private server: Server | undefined;
  private port = 0;

  constructor(options: EndpointOptions = {}) {
    this.dialect = options.dialect ?? "s3";
    this.accessKeyId = options.accessKeyId ?? "TESTACCESSKEY";
    this.secretAccessKey = options.secretAccessKey ?? "test-secret-key";
    this.region = options.region ?? (this.dialect === "gcs" ? "auto" : "us-east-1");
    this.publicRead = new Set(options.publicRead ?? []);
    this.latencyMs = options.latencyMs ?? 0;
    this.defaultCors = options.cors ? new CorsRules(this.dialect, options.cors) : undefined;
  }

  /** Sets a bucket's dialect, CORS configuration or public access (a bad CORS configuration throws). */
  configureBucket(name: string, options: BucketOptions): void {
    const current = this.settingsOf(name);
    const dialect = options.dialect ?? current.dialect;
    let cors = current.cors;
    if (options.cors === null) cors = undefined;
    else if (options.cors !== undefined) cors = new CorsRules(dialect, options.cors);
    if (cors && cors.dialect !== dialect) throw new Error(`bucket ${name}: its CORS rules are in ${cors.dialect}'s format, the bucket speaks ${dialect}`);
    this.bucketOptions.set(name, { dialect, cors });
    if (options.publicRead === true) this.publicRead.add(name);
    if (options.publicRead === false) this.publicRead.delete(name);
  }

  private settingsOf(bucket: string): { dialect: EndpointDialect; cors: CorsRules | undefined } {
    return this.bucketOptions.get(bucket) ?? { dialect: this.dialect, cors: this.defaultCors };
  }

  /** Starts listening on 127.0.0.1, port 0; resolves to the base URL (`http://127.0.0.1:port`). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.maxActive = Math.max(this.maxActive, ++this.active);
      res.on("close", () => this.active--);
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) this.error(res, 500, "InternalError", String(err));
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  addFault(rule: FaultRule): void {
    this.faults.push({ ...rule, seen: 0, hit: 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** The objects of a bucket (keys to bytes), for assertions. */
  objects(bucket: string): Map<string, Uint8Array> {
    return new Map([...(this.buckets.get(bucket) ?? new Map<string, StoredObject>())].map(([k, o]) => [k, o.data]));
  }

  private bucket(name: string): Map<string, StoredObject> {
    let b = this.buckets.get(name);
    if (!b) {
      b = new Map();
      this.buckets.set(name, b);
    }
    return b;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    const [, bucket = "", ...rest] = url.pathname.split("/");
    let key: string;
    try {
      key = rest.map(decodeURIComponent).join("/");
    } catch {
      return this.refuse(req, res, bucket, url.pathname, 400, "InvalidURI", "the path is not valid percent-encoding");
    }
    const { dialect, cors } = this.settingsOf(bucket);
    const origin = req.headers.origin;
    if (req.method === "OPTIONS") return this.preflight(req, res, bucket, key, cors, dialect);
    // A reply to a real request carries its CORS headers, errors included.
    for (const [name, value] of Object.entries(cors?.responseHeaders(origin, req.method ?? "") ?? {})) res.setHeader(name, value);

    const op = operationOf(req.method ?? "", key, url);
    if (!op) return this.refuse(req, res, bucket, key, 405, "MethodNotAllowed", `${req.method} is not supported here`);
    const denied = await this.authorize(req, url, op, bucket);
    if (denied) return this.refuse(req, res, bucket, key, 403, denied.code, denied.message);

    const logged: LoggedRequest = {
      op, method: req.method!, bucket, key: op === "list" ? url.searchParams.get("prefix") ?? "" : key, status: 0, bytes: body.length, sent: 0,
      ...(origin ? { origin } : {}),
    };
    this.log.push(logged);
    const fault = this.faultFor(op, logged.key);
    if (fault && !fault.afterApply) {
      logged.fault = fault.fault;
      return this.inject(res, fault, logged);
    }
    const objects = this.bucket(bucket);
    const reply = this.dispatch(dialect, op, req, url, objects, key, body);
    if (fault) {
      logged.fault = `${fault.fault} after apply`;
      return this.inject(res, fault, logged, reply);
    }
    logged.status = reply.status;
    logged.sent = reply.head ? 0 : reply.body.length;
    this.send(res, reply);
  }

  private dispatch(
    dialect: EndpointDialect,
    op: EndpointOp,
    req: IncomingMessage,
    url: URL,
    objects: Map<string, StoredObject>,
    key: string,
    body: Uint8Array,
  ): Reply {
    switch (op) {
      case "get":
        return this.get(dialect, req, objects, key);
      case "head": {
        const object = objects.get(key);
        if (!object) return { status: 404, headers: {}, body: new Uint8Array(0) };
        return { status: 200, headers: { ...versionHeaders(dialect, object), "Content-Length": String(object.data.length) }, body: new Uint8Array(0), head: true };
      }
      case "put":
        return this.put(dialect, req, objects, key, body);
      case "delete":
        if (!objects.has(key) && dialect === "gcs") return errorReply(404, "NoSuchKey", `no object '${key}'`);
        objects.delete(key);
        return { status: 204, headers: {}, body: new Uint8Array(0) };
      case "list":
        return this.list(dialect, url, objects);
    }
  }

  private get(dialect: EndpointDialect, req: IncomingMessage, objects: Map<string, StoredObject>, key: string): Reply {
    const object = objects.get(key);
    if (!object) return errorReply(404, "NoSuchKey", `no object '${key}'`);
    const size = object.data.length;
    const headers = versionHeaders(dialect, object);
    const range = req.headers.range;
    if (range === undefined) return { status: 200, headers, body: object.data };
    const m = /^bytes=(\d*)-(\d*)$/.exec(range);
    if (!m || (m[1] === "" && m[2] === "")) return errorReply(400, "InvalidArgument", `bad Range '${range}'`);
    let first: number;
    let last: number;
    if (m[1] === "") {
      first = Math.max(0, size - Number(m[2]));  // the last n bytes
      last = size - 1;
    } else {
      first = Number(m[1]);
      last = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
      if (m[2] !== "" && Number(m[2]) < first) return { status: 200, headers, body: object.data };  // invalid: ignored
    }
    if (first >= size) {
      return { ...errorReply(416, "InvalidRange", "The requested range is not satisfiable"), headers: { ...headers, "Content-Range": `bytes */${size}` } };
    }
    return {
      status: 206,
      headers: { ...headers, "Content-Range": `bytes ${first}-${last}/${size}` },
      body: object.data.subarray(first, last + 1),
    };
  }

  private put(dialect: EndpointDialect, req: IncomingMessage, objects: Map<string, StoredObject>, key: string, body: Uint8Array): Reply {
    const current = objects.get(key);
    if (dialect === "gcs") {
      const match = req.headers["x-goog-if-generation-match"];
      if (match !== undefined) {
        const wanted = Number(match);
        if (wanted === 0 ? current !== undefined : current?.generation !== wanted) {
          return errorReply(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.");
        }
      }
      if (req.headers["if-match"] !== undefined || req.headers["if-none-match"] !== undefined) {
        return errorReply(400, "NotImplemented", "GCS does not honour ETag preconditions on writes");
      }
    } else {
      const ifNoneMatch = req.headers["if-none-match"];
      const ifMatch = req.headers["if-match"];
      if (ifNoneMatch !== undefined && ifMatch !== undefined) {
        return errorReply(501, "NotImplemented", "If-Match and If-None-Match together are not supported");
      }
      if (ifNoneMatch !== undefined) {
        if (ifNoneMatch !== "*") return errorReply(501, "NotImplemented", "If-None-Match takes only '*' on PUT");
        if (current) return errorReply(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
      }
      if (ifMatch !== undefined) {
        if (!current) return errorReply(404, "NoSuchKey", "The specified key does not exist.");
        if (ifMatch !== current.etag) {
          return errorReply(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        }
      }
    }
    const n = ++this.counter;
    const etag = `"${createHash("md5").update(body).update(String(n)).digest("hex")}"`;
    const object: StoredObject = { data: body, etag, generation: 1_700_000_000_000_000 + n };
    objects.set(key, object);
    return { status: 200, headers: versionHeaders(dialect, object), body: new Uint8Array(0) };
  }

  private list(dialect: EndpointDialect, url: URL, objects: Map<string, StoredObject>): Reply {
    const q = url.searchParams;
    if (q.get("list-type") !== "2") return errorReply(400, "InvalidArgument", "only ListObjectsV2 (list-type=2) is served");
    const prefix = q.get("prefix") ?? "";
    const maxKeys = Math.min(1000, Number(q.get("max-keys") ?? "1000"));
    if (!Number.isInteger(maxKeys) || maxKeys < 0) return errorReply(400, "InvalidArgument", "bad max-keys");
    const token = q.get("continuation-token");
    let after = q.get("start-after") ?? "";
    if (token !== null) {
      try {
        after = Buffer.from(token, "base64url").toString("utf8");
      } catch {
        return errorReply(400, "InvalidArgument", "The continuation token provided is incorrect");
      }
    }
    const keys = [...objects.keys()]
      .filter((k) => k.startsWith(prefix) && utf8Compare(k, after) > 0)
      .sort(utf8Compare);
    const page = keys.slice(0, maxKeys);
    const truncated = keys.length > maxKeys;
    const contents = page.map((k) => {
      const o = objects.get(k)!;
      return `<Contents><Key>${xml(k)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>` +
        (dialect === "gcs" ? `<Generation>${o.generation}</Generation><MetaGeneration>1</MetaGeneration>` : "") +
        `<ETag>${xml(o.etag)}</ETag><Size>${o.data.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    });
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!, "utf8").toString("base64url")}</NextContinuationToken>` : "";
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Prefix>${xml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>` +
      `<IsTruncated>${truncated}</IsTruncated>${contents.join("")}${next}</ListBucketResult>`;
    return { status: 200, headers: { "Content-Type": "application/xml" }, body: new TextEncoder().encode(text) };
  }

  // --- signatures ------------------------------------------------------------

  private async authorize(
    req: IncomingMessage,
    url: URL,
    op: EndpointOp,
    bucket: string,
  ): Promise<{ code: string; message: string } | undefined> {
    const q = url.searchParams;
    const signature = q.get("X-Amz-Signature");
    if (signature === null) {
      if ((op === "get" || op === "head") && this.publicRead.has(bucket)) return undefined;
      return { code: "AccessDenied", message: "Anonymous access is forbidden: the request carries no signature" };
    }
    if (q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") {
      return { code: "AuthorizationQueryParametersError", message: "X-Amz-Algorithm must be AWS4-HMAC-SHA256" };
    }
    const credential = (q.get("X-Amz-Credential") ?? "").split("/");
    const date = q.get("X-Amz-Date") ?? "";
    const expires = Number(q.get("X-Amz-Expires"));
    const signedHeaders = (q.get("X-Amz-SignedHeaders") ?? "").split(";");
    if (credential.length !== 5 || credential[4] !== "aws4_request" || !/^\d{8}T\d{6}Z$/.test(date)) {
      return { code: "AuthorizationQueryParametersError", message: "malformed X-Amz-Credential or X-Amz-Date" };
    }
    if (credential[0] !== this.accessKeyId) {
      return { code: "InvalidAccessKeyId", message: "The access key ID you provided does not exist in our records." };
    }
    if (credential[1] !== date.slice(0, 8) || credential[2] !== this.region || credential[3] !== "s3") {
      return { code: "SignatureDoesNotMatch", message: "the credential scope does not match this endpoint" };
    }
    if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
      return { code: "AuthorizationQueryParametersError", message: "X-Amz-Expires must be 1..604800 seconds" };
    }
    const signedAt = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15));
    if (Date.now() > signedAt + expires * 1000) return { code: "AccessDenied", message: "Request has expired" };
    if (signedAt > Date.now() + 15 * 60_000) return { code: "AccessDenied", message: "Request is not valid yet" };
    if (!signedHeaders.includes("host")) return { code: "AccessDenied", message: "host must be a signed header" };
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      if (name === "host") continue;
      const value = req.headers[name];
      if (value === undefined) {
        return { code: "AccessDenied", message: `the signed header '${name}' is missing from the request` };
      }
      headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    // Services refuse headers of their own namespace that were not signed.
    for (const name of Object.keys(req.headers)) {
      if ((name.startsWith("x-amz-") || name.startsWith("x-goog-")) && !signedHeaders.includes(name)) {
        return { code: "AccessDenied", message: `There were headers present in the request which were not signed: ${name}` };
      }
    }
    const unsigned = new URL(url);
    unsigned.searchParams.delete("X-Amz-Signature");
    const signer = new AwsV4Signer({
      method: req.method!,
      url: unsigned.href,
      headers,
      accessKeyId: this.accessKeyId,
      secretAccessKey: this.secretAccessKey,
      service: "s3",
      region: this.region,
      datetime: date,
      signQuery: true,
      cache: this.signingKeys,
    });
    const expected = (await signer.sign()).url.searchParams.get("X-Amz-Signature") ?? "";
    const a = Buffer.from(expected);
    const b = Buffer.from(signature);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      return { code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided." };
    }
    return undefined;
  }

  // --- faults, CORS and replies ---------------------------------------------

  private faultFor(op: EndpointOp, key: string): (FaultRule & { seen: number; hit: number }) | undefined {
    for (const rule of this.faults) {
      if (rule.op !== undefined && rule.op !== op) continue;
      if (rule.key !== undefined && !(typeof rule.key === "string" ? rule.key === key : rule.key.test(key))) continue;
      rule.seen++;
      if (rule.seen <= (rule.skip ?? 0) || rule.hit >= (rule.times ?? 1)) continue;
      rule.hit++;
      return rule;
    }
    return undefined;
  }

  private inject(res: ServerResponse, rule: FaultRule, logged: LoggedRequest, reply?: Reply): void {
    if (rule.fault === "reset") {
      logged.status = -1;
      res.destroy();
      return;
    }
    if (rule.fault === "truncate") {
      const body = reply?.body.length ? reply.body : new TextEncoder().encode("x".repeat(64));
      logged.status = -2;
      logged.sent = Math.floor(body.length / 2);
      res.writeHead(reply?.status ?? 200, { ...(reply?.headers ?? {}), "Content-Length": String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setImmediate(() => res.destroy());
      return;
    }
    const status = rule.status ?? 500;
    logged.status = status;
    const code = rule.code ?? (status === 409 ? "ConditionalRequestConflict" : status === 429 ? "SlowDown" : status === 503 ? "ServiceUnavailable" : "InternalError");
    this.send(res, errorReply(status, code, `injected fault: ${status} ${code}`));
  }

  private preflight(
    req: IncomingMessage,
    res: ServerResponse,
    bucket: string,
    key: string,
    cors: CorsRules | undefined,
    dialect: EndpointDialect,
  ): void {
    const origin = req.headers.origin;
    const answer = cors
      ? cors.preflight(origin, req.headers["access-control-request-method"], req.headers["access-control-request-headers"])
      : refusedWithoutCors(dialect);
    this.log.push({
      op: "options", method: "OPTIONS", bucket, key, status: answer.status, bytes: 0, sent: 0,
      ...(origin ? { origin } : {}),
      ...(answer.allowed ? {} : { fault: `CORS refused: ${answer.message}` }),
    });
    if (!answer.allowed && answer.status !== 200) return this.send(res, errorReply(answer.status, "AccessForbidden", answer.message ?? ""));
    res.writeHead(answer.status, { ...answer.headers, "Content-Length": "0" }).end();
  }

  private refuse(req: IncomingMessage, res: ServerResponse, bucket: string, key: string, status: number, code: string, message: string): void {
    this.log.push({ op: "refused", method: req.method ?? "", bucket, key, status, bytes: 0, sent: 0 });
    this.send(res, errorReply(status, code, message));
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    this.send(res, errorReply(status, code, message));
  }

  private send(res: ServerResponse, reply: Reply): void {
    res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(reply.head ? reply.headers["Content-Length"] ?? 0 : reply.body.length) });
    res.end(reply.head ? undefined : reply.body);
  }
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  /** A HEAD reply: Content-Length is the object's, no body. */
  head?: boolean;
}

function errorReply(status: number, code: string, message: string): Reply {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message></Error>`;
  return { status, headers: { "Content-Type": "application/xml" }, body: new TextEncoder().encode(text) };
}

function versionHeaders(dialect: EndpointDialect, object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = { ETag: object.etag };
  if (dialect === "gcs") {
    headers["x-goog-generation"] = String(object.generation);
    headers["x-goog-metageneration"] = "1";
  }
  return headers;
}

function operationOf(method: string, key: string, url: URL): EndpointOp | undefined {
  if (key === "") return method === "GET" && url.searchParams.has("list-type") ? "list" : undefined;
  return ({ GET: "get", HEAD: "head", PUT: "put", DELETE: "delete" } as Record<string, EndpointOp>)[method];
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

function utf8Compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}
