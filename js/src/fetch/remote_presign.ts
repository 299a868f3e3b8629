/**
 * The page's side of a presign endpoint: a PresignBatch that POSTs the
 * requests of a batched read to your backend (a Presigner's `handle`, behind
 * your own authentication) in one round trip.
 */
import { ERROR_CODES, errorFromCode, IoError, type ErrorCode } from "../errors.js";
import type { PresignBatch, PresignRequest, SignedRequest } from "./presign_request.js";

export interface RemotePresignOptions {
  /** Extra request options (credentials: "include", an Authorization header, ...). */
  init?: RequestInit;
  fetch?: typeof fetch;
}

export function presignEndpoint(url: string | URL, options: RemotePresignOptions = {}): PresignBatch {
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return async (requests: PresignRequest[]): Promise<SignedRequest[]> => {
    const headers = new Headers(options.init?.headers);
    headers.set("content-type", "application/json");
    const response = await fetchFn(url, { ...options.init, method: "POST", headers, body: JSON.stringify(requests) });
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) {
      const e = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      if (e?.message && ERROR_CODES.includes(e.code as ErrorCode)) throw errorFromCode(e.code as ErrorCode, `the presign endpoint answered ${response.status}: ${e.message}`);
      throw new IoError(`the presign endpoint answered ${response.status}`);
    }
    if (!Array.isArray(body)) throw new IoError("the presign endpoint answered something other than a JSON array");
    return body as SignedRequest[];
  };
}
