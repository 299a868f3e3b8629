/**
 * What a FetchStore asks its `presign` callback for, and what it expects back.
 *
 * A request names an operation in the store's own terms (not HTTP's), so the
 * signer can decide from meaning alone whether to sign it: the key, the byte
 * range of a read, the precondition of a write, the prefix and position of a
 * listing. The signer answers with a URL and the headers that must travel
 * with it; for S3 and GCS those include the precondition, signed into the
 * URL, so a leaked or replayed URL cannot write without it.
 */
import type { ByteRange, VersionToken } from "../store.js";

export type StoreOperation = "get" | "head" | "put" | "delete" | "list";

export interface PresignRequest {
  op: StoreOperation;
  /** The object (get, head, put, delete). */
  key?: string;
  /** get: the bytes wanted. The Range header is not signed, so a get URL serves any range of its key. */
  range?: ByteRange;
  /** put: create only (`If-None-Match: *`, GCS generation 0). */
  ifAbsent?: boolean;
  /** put: replace only this version (`If-Match`, GCS `x-goog-if-generation-match`). */
  ifMatch?: VersionToken;
  /** list: keys starting with this. */
  prefix?: string;
  /** list: keys after this one. */
  startAfter?: string;
  /** list: the service's continuation token from the previous page (Azure's marker). */
  continuationToken?: string;
  /** list: keys per page (1..1000). */
  limit?: number;
}

export interface SignedRequest {
  /** The URL to send the request to. */
  url: string;
  /** The HTTP method; by default the operation's (GET, HEAD, PUT, DELETE, GET). */
  method?: string;
  /**
   * Headers that must be sent exactly as given (the signed ones: the
   * precondition, GCS's x-goog-* headers). The store adds what is never signed
   * (Range, and Azure's headers, which a SAS cannot bind).
   */
  headers?: Record<string, string>;
  /**
   * When the URL stops working (ms since the epoch). A get or head URL is
   * reused for other ranges of its key until shortly before then.
   */
  expiresAt?: number;
}

/** Signs one request (the user's backend does the signing). */
export type Presign = (request: PresignRequest) => Promise<SignedRequest>;
/** Signs many requests at once: one round trip to the backend for a whole batched read. */
export type PresignBatch = (requests: PresignRequest[]) => Promise<SignedRequest[]>;

export const HTTP_METHOD: Record<StoreOperation, string> = {
  get: "GET",
  head: "HEAD",
  put: "PUT",
  delete: "DELETE",
  list: "GET",
};
