/**
 * Azure Blob Storage (and its emulator Azurite) with SAS URLs. Put Blob
 * honours `If-Match` and `If-None-Match: *` (412 when the condition fails;
 * Azurite answers 409 BlobAlreadyExists for an existing blob under
 * If-None-Match, mapped the same). A SAS signs no request header, so unlike
 * S3 and GCS signing the precondition is not bound to the URL: a holder of a
 * write SAS can drop it. Listings have no start-after; pages follow markers.
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

/** The REST API version the store speaks (sent as x-ms-version). */
export const AZURE_API_VERSION = "2021-08-06";

export class AzureDialect implements Dialect {
  readonly name = "azure";
  readonly listsFromKey = false;
  readonly versionHeader = "ETag";
  readonly corsExposeSetting = "ExposedHeaders";

  requestHeaders(request: PresignRequest): Record<string, string> {
    const headers: Record<string, string> = { "x-ms-version": AZURE_API_VERSION };
    if (request.op === "put") {
      headers["x-ms-blob-type"] = "BlockBlob";
      if (request.ifAbsent) headers["if-none-match"] = "*";
      if (request.ifMatch) headers["if-match"] = quotedEtag(request.ifMatch.etag);
    }
    return headers;
  }

  objectUrl(base: URL, key: string): URL {
    const url = new URL(encodeKeyPath(key), base);
    url.search = base.search;
    return url;
  }

  listUrl(base: URL, request: PresignRequest): URL {
    const url = new URL(base);
    url.pathname = url.pathname.replace(/\/$/, "");
    url.searchParams.set("restype", "container");
    url.searchParams.set("comp", "list");
    url.searchParams.set("prefix", request.prefix ?? "");
    url.searchParams.set("maxresults", String(request.limit ?? 1000));
    if (request.continuationToken) url.searchParams.set("marker", request.continuationToken);
    return url;
  }

  version(headers: Headers): { etag: string } {
    const etag = headers.get("etag");
    if (!etag) throw new IoError("the Azure reply carries no ETag header");
    return { etag: quotedEtag(etag) };
  }

  parseList(body: string): ServiceListPage {
    const objects: ObjectMeta[] = xmlElements(body, "Blob").map((blob) => ({
      key: xmlText(blob, "Name") ?? "",
      size: Number(xmlText(blob, "Content-Length") ?? "0"),
      version: { etag: quotedEtag(xmlText(blob, "Etag") ?? "") },
    }));
    const marker = xmlText(body, "NextMarker");
    const page: ServiceListPage = { objects, truncated: Boolean(marker) };
    if (marker) page.continuationToken = marker;
    return page;
  }

  classifyWriteRefusal(status: number, code: string | undefined, request: PresignRequest): WriteRefusal {
    if (status === 412) return "precondition";
    if (status === 409 && code === "BlobAlreadyExists" && request.ifAbsent) return "precondition";
    if (status === 404 && request.ifMatch) return "precondition";
    return "error";
  }
}
