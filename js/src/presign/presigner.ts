/**
 * The server side of signed mode: a Presigner answers a FetchStore's
 * PresignRequests with short-lived signed URLs, and is the security boundary
 * between a page and the bucket. It signs
 * - only keys (and list prefixes) under the namespace prefixes it serves,
 * - only the operations its access allows (a reader: get, head, list),
 * - writes only with a precondition (create-only or compare-and-swap, the
 *   only writes namidb makes), with the precondition header signed into the
 *   URL for S3 and GCS, so a leaked URL cannot overwrite blindly,
 * - for `expiresSeconds` (default 300).
 *
 * S3 (and R2, MinIO) and GCS (XML API, with HMAC keys through its S3
 * interoperability) are signed with aws4fetch's SigV4 query signing; Azure
 * with a service SAS. Runs wherever WebCrypto does: Node, Deno, Workers.
 */
import { AwsV4Signer } from "aws4fetch";
import { InvalidArgumentError, toNamiDBError } from "../errors.js";
import { validateLimit } from "../keys.js";
import { encodeKeyPath, type Dialect, type DialectName } from "../fetch/dialect.js";
import { dialectOf } from "../fetch/dialects.js";
import type { PresignRequest, SignedRequest, StoreOperation } from "../fetch/presign_request.js";
import { azureServiceSas } from "./azure_sas.js";
import { checkKeyInside, checkListPrefix, checkPrefix } from "./key_guard.js";

export interface HmacCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AzureCredentials {
  accountName: string;
  /** Base64, as the portal shows it. */
  accountKey: string;
}

export interface PresignerConfig {
  /** "s3" (also R2, MinIO), "gcs" (XML API) or "azure". */
  dialect: DialectName;
  /**
   * The bucket's URL, ending in '/': S3 path style
   * `https://s3.eu-west-1.amazonaws.com/my-bucket/` or virtual-hosted
   * `https://my-bucket.s3.eu-west-1.amazonaws.com/`; R2
   * `https://<account>.r2.cloudflarestorage.com/my-bucket/`; GCS
   * `https://storage.googleapis.com/my-bucket/`; Azure
   * `https://<account>.blob.core.windows.net/<container>/`.
   */
  bucketUrl: string;
  /** HMAC keys (S3, R2, GCS HMAC keys) or an Azure account key. */
  credentials: HmacCredentials | AzureCredentials;
  /** SigV4 region (default "us-east-1"; R2 and GCS: "auto"). */
  region?: string;
  /**
   * Key folders this signer serves, each ending in '/': `"<prefix>/<namespace>/"`
   * (or "*": the whole bucket, for a bucket that belongs to one application).
   */
  prefixes: string[];
  /** "read": get, head, list. "write": also put and delete. */
  access: "read" | "write";
  /** Lifetime of a URL in seconds (default 300, at most 604800). */
  expiresSeconds?: number;
  /**
   * Also sign puts without a precondition (default false: namidb only ever
   * creates or swaps, and a URL that may overwrite blindly is what a leak
   * would exploit). Needed only by tools that overwrite objects themselves.
   */
  unconditionalPuts?: boolean;
}

const READ_OPS: ReadonlySet<StoreOperation> = new Set(["get", "head", "list"]);
const ALL_OPS: ReadonlySet<StoreOperation> = new Set(["get", "head", "list", "put", "delete"]);
const AZURE_PERMISSION: Record<StoreOperation, string> = { get: "r", head: "r", put: "cw", delete: "d", list: "l" };

export class Presigner {
  private readonly dialect: Dialect;
  private readonly bucketUrl: URL;
  private readonly prefixes: string[];
  private readonly allowed: ReadonlySet<StoreOperation>;
  private readonly expiresSeconds: number;
  private readonly region: string;
  /** aws4fetch's derived signing keys (one per day, region and service). */
  private readonly signingKeys = new Map<string, ArrayBuffer>();

  constructor(private readonly config: PresignerConfig) {
    if (config === null || typeof config !== "object") throw new InvalidArgumentError("Presigner needs a configuration object");
    if (typeof config.dialect !== "string") throw new InvalidArgumentError('a Presigner needs a dialect: "s3", "gcs" or "azure"');
    this.dialect = dialectOf(config.dialect);
    try {
      this.bucketUrl = new URL(config.bucketUrl);
    } catch {
      throw new InvalidArgumentError(`bucketUrl '${String(config.bucketUrl)}' is not an absolute URL`);
    }
    if (!this.bucketUrl.pathname.endsWith("/")) this.bucketUrl.pathname += "/";
    if (this.bucketUrl.search || this.bucketUrl.hash) throw new InvalidArgumentError("bucketUrl must have no query or fragment");
    if (!Array.isArray(config.prefixes) || config.prefixes.length === 0) {
      throw new InvalidArgumentError("a Presigner needs at least one prefix to serve (e.g. [\"graphs/demo/\"])");
    }
    this.prefixes = config.prefixes.map(checkPrefix);
    if (config.access !== "read" && config.access !== "write") {
      throw new InvalidArgumentError(`access must be "read" or "write", not ${JSON.stringify(config.access)}`);
    }
    this.allowed = config.access === "read" ? READ_OPS : ALL_OPS;
    const expires = config.expiresSeconds ?? 300;
    if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
      throw new InvalidArgumentError("expiresSeconds must be an integer in 1..604800");
    }
    this.expiresSeconds = expires;
    this.region = config.region ?? (config.dialect === "s3" ? "us-east-1" : "auto");
    const c = config.credentials as Partial<HmacCredentials & AzureCredentials> | undefined;
    const ok = config.dialect === "azure" ? typeof c?.accountName === "string" && typeof c.accountKey === "string" : typeof c?.accessKeyId === "string" && typeof c.secretAccessKey === "string";
    if (!ok) {
      throw new InvalidArgumentError(
        config.dialect === "azure" ? "Azure credentials are { accountName, accountKey }" : "credentials are { accessKeyId, secretAccessKey, sessionToken? }",
      );
    }
  }

  /** Signs one request, or throws InvalidArgumentError saying why it is refused. */
  async presign(request: PresignRequest): Promise<SignedRequest> {
    if (request === null || typeof request !== "object") throw new InvalidArgumentError("a presign request must be an object");
    const op = request.op;
    if (!ALL_OPS.has(op)) throw new InvalidArgumentError(`refused: unknown operation ${JSON.stringify(op)}`);
    if (!this.allowed.has(op)) {
      throw new InvalidArgumentError(`refused: this signer gives ${this.config.access} access, which does not include ${op}`);
    }
    const clean: PresignRequest = { op };
    let url: URL;
    if (op === "list") {
      clean.prefix = checkListPrefix(request.prefix, this.prefixes);
      clean.limit = validateLimit(request.limit);
      if (request.startAfter !== undefined) clean.startAfter = String(request.startAfter);
      if (request.continuationToken !== undefined) clean.continuationToken = String(request.continuationToken);
      url = this.dialect.listUrl(this.bucketUrl, clean);
    } else {
      clean.key = checkKeyInside(request.key, this.prefixes);
      if (op === "put") {
        if (request.ifAbsent === true) clean.ifAbsent = true;
        else if (request.ifMatch && typeof request.ifMatch.etag === "string") clean.ifMatch = { ...request.ifMatch };
        else if (!this.config.unconditionalPuts) {
          throw new InvalidArgumentError("refused: a put must be create-only (ifAbsent) or compare-and-swap (ifMatch)");
        }
      }
      url = new URL(encodeKeyPath(clean.key), this.bucketUrl);
      // The URL may not have been normalised into another path.
      if (url.pathname !== this.bucketUrl.pathname + encodeKeyPath(clean.key)) {
        throw new InvalidArgumentError(`refused: the key '${clean.key}' does not stay a plain path`);
      }
    }
    const expiresAt = Date.now() + this.expiresSeconds * 1000;
    const headers = this.dialect.name === "azure" ? {} : this.dialect.requestHeaders(clean);
    if (this.dialect.name === "azure") {
      const c = this.config.credentials as AzureCredentials;
      // The container is the URL's last folder (Azurite's URLs name the account before it).
      const container = this.bucketUrl.pathname.split("/").filter(Boolean).pop();
      if (!container) throw new InvalidArgumentError(`bucketUrl '${this.bucketUrl.href}' names no container`);
      url.search = await azureServiceSas({
        accountName: c.accountName,
        accountKey: c.accountKey,
        container,
        ...(op === "list" ? {} : { blob: clean.key! }),
        permissions: AZURE_PERMISSION[op],
        expiresAt: new Date(expiresAt),
      });
      if (op === "list") {
        for (const [k, v] of this.dialect.listUrl(this.bucketUrl, clean).searchParams) url.searchParams.set(k, v);
      }
      return { url: url.href, headers, expiresAt };
    }
    url.searchParams.set("X-Amz-Expires", String(this.expiresSeconds));
    const c = this.config.credentials as HmacCredentials;
    const signer = new AwsV4Signer({
      method: op === "head" ? "HEAD" : op === "put" ? "PUT" : op === "delete" ? "DELETE" : "GET",
      url: url.href,
      headers,
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
      service: "s3",
      region: this.region,
      signQuery: true,
      cache: this.signingKeys,
    });
    const signed = await signer.sign();
    return { url: signed.url.href, headers, expiresAt };
  }

  /** Signs many requests; a refused one refuses the batch. */
  presignBatch(requests: PresignRequest[]): Promise<SignedRequest[]> {
    if (!Array.isArray(requests)) return Promise.reject(new InvalidArgumentError("presignBatch takes an array of requests"));
    return Promise.all(requests.map((r) => this.presign(r)));
  }

  /**
   * A fetch-style HTTP handler (Workers, Deno, Node 18+ with a Request):
   * POST a JSON array of PresignRequests, get a JSON array of SignedRequests;
   * a refused or malformed batch answers 403 / 400 with `{error: {code, message}}`.
   * Authenticate the caller before calling it: whoever reaches it gets URLs.
   */
  async handle(request: Request): Promise<Response> {
    if (request.method !== "POST") return json(405, { error: { code: "InvalidArgument", message: "POST a JSON array of presign requests" } });
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json(400, { error: { code: "InvalidArgument", message: "the body is not JSON" } });
    }
    try {
      return json(200, await this.presignBatch(body as PresignRequest[]));
    } catch (err) {
      const e = toNamiDBError(err);
      return json(e.message.startsWith("refused") ? 403 : 400, { error: { code: e.code, message: e.message } });
    }
  }
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}
