/**
 * Amazon S3 and the services that speak its API (Cloudflare R2, MinIO, ...):
 * `If-None-Match: *` creates only, `If-Match: "<etag>"` swaps; a lost
 * condition answers 412, and If-Match on a missing key answers 404. Either may
 * answer 409 ConditionalRequestConflict while a conflicting write is in
 * flight, which is retried after re-reading. Listings are ListObjectsV2.
 */
import { IoError } from "../errors.js";
import type { ObjectMeta } from "../store.js";
import {
  encodeKeyPath,
  quotedEtag,
  type Dialect,
  type ServiceListPage,
  type WriteRefusal,
} from "./dialect.js";
import type { PresignRequest } from "./presign_request.js";
import { xmlElements, xmlText } from "./xml.js";

export class S3Dialect implements Dialect {
  readonly name: "s3" | "gcs" = "s3";
  readonly listsFromKey = true;
  readonly versionHeader: string = "ETag";
  readonly corsExposeSetting: string = "ExposeHeaders";

  requestHeaders(request: PresignRequest): Record<string, string> {
    if (request.op !== "put") return {};
    if (request.ifAbsent) return { "if-none-match": "*" };
    if (request.ifMatch) return { "if-match": quotedEtag(request.ifMatch.etag) };
    return {};
  }

  objectUrl(base: URL, key: string): URL {
    return new URL(encodeKeyPath(key), base);
  }

  listUrl(base: URL, request: PresignRequest): URL {
    const url = new URL(base);
    url.search = "";
    url.searchParams.set("list-type", "2");
    url.searchParams.set("prefix", request.prefix ?? "");
    url.searchParams.set("max-keys", String(request.limit ?? 1000));
    if (request.continuationToken) url.searchParams.set("continuation-token", request.continuationToken);
    else if (request.startAfter) url.searchParams.set("start-after", request.startAfter);
    return url;
  }

  version(headers: Headers): { etag: string; generation?: number } {
    const etag = headers.get("etag");
    if (!etag) throw new IoError("the store's reply carries no ETag header");
    return { etag: quotedEtag(etag) };
  }

  parseList(body: string): ServiceListPage {
    const objects: ObjectMeta[] = xmlElements(body, "Contents").map((entry) => {
      const generation = xmlText(entry, "Generation");
      const meta: ObjectMeta = {
        key: xmlText(entry, "Key") ?? "",
        size: Number(xmlText(entry, "Size") ?? "0"),
        version: { etag: quotedEtag(xmlText(entry, "ETag") ?? "") },
      };
      if (generation) meta.version.generation = Number(generation);
      return meta;
    });
    const page: ServiceListPage = { objects, truncated: xmlText(body, "IsTruncated") === "true" };
    const token = xmlText(body, "NextContinuationToken");
    if (token) page.continuationToken = token;
    return page;
  }

  classifyWriteRefusal(status: number, code: string | undefined, request: PresignRequest): WriteRefusal {
    if (status === 412) return "precondition";
    if (status === 404 && request.ifMatch) return "precondition";
    if (status === 409 && (code === undefined || code === "ConditionalRequestConflict")) return "retry-after-reread";
    return "error";
  }
}
