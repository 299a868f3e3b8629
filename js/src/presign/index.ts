/**
 * namidb-wasm/presign: the server side of a FetchStore's signed mode, for
 * Node, Deno and Cloudflare Workers (WebCrypto only).
 */
export { Presigner, type AzureCredentials, type HmacCredentials, type PresignerConfig } from "./presigner.js";
export { azureServiceSas, type AzureSasParams } from "./azure_sas.js";
export type { PresignRequest, SignedRequest } from "../fetch/presign_request.js";
