/** The Cloudflare Workers R2 binding as an object store. */
export { R2Store, type R2StoreOptions, type R2StoreStats } from "./r2_store.js";
export type { R2BucketLike, R2ConditionalLike, R2ObjectBodyLike, R2ObjectLike } from "./r2_bucket.js";
