/**
 * Google Cloud Storage through its XML API, which is S3's in shape (paths,
 * ranges, ListObjectsV2 listings) but does not honour ETag preconditions on
 * writes: a write is conditional on the object's generation instead,
 * `x-goog-if-generation-match: <generation>` (0: only if absent), and the new
 * generation comes back in `x-goog-generation`. A V4 signature must sign
 * every x-goog-* header sent, so a compare-and-swap URL is bound to one
 * generation. A lost condition answers 412, for a missing object too.
 */
import { InvalidArgumentError, IoError } from "../errors.js";
import type { VersionToken } from "../store.js";
import { quotedEtag } from "./dialect.js";
import type { PresignRequest } from "./presign_request.js";
import { S3Dialect } from "./s3_dialect.js";

export class GcsDialect extends S3Dialect {
  override readonly name = "gcs";
  override readonly versionHeader = "x-goog-generation";
  override readonly corsExposeSetting = "responseHeader";

  override requestHeaders(request: PresignRequest): Record<string, string> {
    if (request.op !== "put") return {};
    if (request.ifAbsent) return { "x-goog-if-generation-match": "0" };
    if (request.ifMatch) {
      const generation = request.ifMatch.generation;
      if (!generation) {
        throw new InvalidArgumentError(
          `a compare-and-swap on GCS needs the object's generation; the version of '${request.key}' has none`,
        );
      }
      return { "x-goog-if-generation-match": String(generation) };
    }
    return {};
  }

  override version(headers: Headers): VersionToken {
    const generation = Number(headers.get("x-goog-generation") ?? "");
    if (!Number.isSafeInteger(generation) || generation <= 0) {
      throw new IoError("the GCS reply carries no usable x-goog-generation header");
    }
    return { etag: quotedEtag(headers.get("etag") ?? `"${generation}"`), generation };
  }
}
