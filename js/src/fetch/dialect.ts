/**
 * A dialect is what differs between the object-store HTTP APIs a FetchStore
 * speaks: how an object and a listing are addressed, which headers carry a
 * precondition, where the version of an object is read from, how a listing
 * reply looks, and what a failed conditional write answers. Everything else
 * (ranges, retries, the cache) is the same for all of them.
 */
import type { ObjectMeta, VersionToken } from "../store.js";
import type { PresignRequest } from "./presign_request.js";

export type DialectName = "s3" | "gcs" | "azure";

/** One page of a listing as the service returned it. */
export interface ServiceListPage {
  objects: ObjectMeta[];
  /** More keys follow. */
  truncated: boolean;
  /** The service's token for the next page (S3 / GCS continuation token, Azure marker). */
  continuationToken?: string;
}

/** What a refused conditional write means. */
export type WriteRefusal =
  /** The precondition does not hold: PreconditionFailedError. */
  | "precondition"
  /** A conflicting write was in flight (S3 409 ConditionalRequestConflict): re-read, then retry. */
  | "retry-after-reread"
  /** Anything else: an IoError with the service's message. */
  | "error";

export interface Dialect {
  readonly name: DialectName;
  /**
   * Whether a listing can start after any key (S3 / GCS `start-after`); if
   * not (Azure), only from a continuation token of an earlier page.
   */
  readonly listsFromKey: boolean;
  /** The response header an object's version is read from, which CORS rules must expose (default ETag). */
  readonly versionHeader?: string;
  /** The service's name for the CORS setting that exposes response headers (default Access-Control-Expose-Headers). */
  readonly corsExposeSetting?: string;
  /** Headers the request needs beyond the signed ones: the precondition, the API version, the blob type. */
  requestHeaders(request: PresignRequest): Record<string, string>;
  /** The URL of `key` below a base URL ending in '/' (public mode and the presign helper). */
  objectUrl(base: URL, key: string): URL;
  /** The URL of one listing page below a bucket's base URL (the presign helper). */
  listUrl(base: URL, request: PresignRequest): URL;
  /** The version of an object from a reply's headers. */
  version(headers: Headers): VersionToken;
  /** One listing page from the reply body. */
  parseList(body: string): ServiceListPage;
  /** What a conditional put answered with `status` (and the service's error code) means. */
  classifyWriteRefusal(status: number, code: string | undefined, request: PresignRequest): WriteRefusal;
}

/** Encodes each segment of a key for a URL path, keeping the '/' between them. */
export function encodeKeyPath(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

/** An ETag in its quoted form, whichever form the service used (listings often drop the quotes). */
export function quotedEtag(etag: string): string {
  const bare = etag.startsWith("W/") ? etag.slice(2) : etag;
  return bare.startsWith('"') ? bare : `"${bare}"`;
}
