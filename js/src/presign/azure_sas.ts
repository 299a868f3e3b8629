/**
 * Azure Blob service SAS tokens (signed version 2021-08-06), made with
 * WebCrypto so they can be minted in Node, Deno and Workers alike. A SAS
 * signs the resource, permissions and expiry, never a request header: the
 * precondition of a write cannot be bound to it, unlike S3 and GCS signing.
 */
import { AZURE_API_VERSION } from "../fetch/azure_dialect.js";

export interface AzureSasParams {
  accountName: string;
  /** The account key, base64 as the portal shows it. */
  accountKey: string;
  container: string;
  /** The blob (sr=b), or none for the container (sr=c, e.g. to list). */
  blob?: string;
  /** Letters of rwdlc... in Azure's order (e.g. "r", "cw", "d", "l"). */
  permissions: string;
  expiresAt: Date;
}

/** The SAS query string (without '?'). */
export async function azureServiceSas(params: AzureSasParams): Promise<string> {
  const expiry = params.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  const resource = params.blob === undefined ? "c" : "b";
  const canonical = `/blob/${params.accountName}/${params.container}${params.blob === undefined ? "" : `/${params.blob}`}`;
  const stringToSign = [
    params.permissions, "", expiry, canonical, "", "", "https,http", AZURE_API_VERSION, resource,
    "", "", "", "", "", "", "",
  ].join("\n");
  const signature = await hmacSha256Base64(params.accountKey, stringToSign);
  const query = new URLSearchParams({
    sv: AZURE_API_VERSION,
    spr: "https,http",
    se: expiry,
    sr: resource,
    sp: params.permissions,
    sig: signature,
  });
  return query.toString();
}

export async function hmacSha256Base64(base64Key: string, text: string): Promise<string> {
  const raw = Uint8Array.from(atob(base64Key), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)));
  let binary = "";
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary);
}
