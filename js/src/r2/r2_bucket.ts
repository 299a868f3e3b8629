/**
 * The part of a Cloudflare Workers R2 binding (`env.BUCKET`, an `R2Bucket`)
 * that R2Store uses, declared structurally so the package needs no Workers
 * types: a binding from @cloudflare/workers-types, Wrangler's generated
 * types or Miniflare's `getR2Bucket()` all fit.
 */

/** R2's metadata of one object (`R2Object`). */
export interface R2ObjectLike {
  readonly key: string;
  readonly size: number;
  /** Hex MD5 of the content (of the parts, for multipart uploads): repeats for equal bytes. */
  readonly etag: string;
  /** Unique per upload: two writes of the same bytes get two versions. */
  readonly version: string;
}

/** An object with its body (`R2ObjectBody`). */
export interface R2ObjectBodyLike extends R2ObjectLike {
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface R2ConditionalLike {
  etagMatches?: string;
  etagDoesNotMatch?: string;
}

export interface R2BucketLike {
  head(key: string): Promise<R2ObjectLike | null>;
  get(key: string, options?: { range?: { offset: number; length?: number } }): Promise<R2ObjectBodyLike | null>;
  /** Resolves to null when `onlyIf` does not hold. */
  put(
    key: string,
    value: ArrayBuffer | ArrayBufferView,
    options?: { onlyIf?: R2ConditionalLike },
  ): Promise<R2ObjectLike | null>;
  delete(keys: string | string[]): Promise<void>;
  list(options?: {
    prefix?: string;
    limit?: number;
    cursor?: string;
    startAfter?: string;
  }): Promise<{ objects: R2ObjectLike[]; truncated: boolean; cursor?: string }>;
}
