/**
 * FetchStores on the test servers: the project's strict endpoint (S3 and GCS
 * dialects) and Azurite (Azure), each signed by a Presigner as a backend
 * would, in a bucket or container of its own.
 */
import { FetchStore, type FetchStoreOptions } from "../../../dist/js/fetch/fetch_store.js";
import { Presigner, type PresignerConfig } from "../../../dist/js/presign/presigner.js";
import { AZURITE_ACCOUNT, AZURITE_KEY, type Azurite } from "./azurite.js";
import type { ObjectEndpoint } from "./object_endpoint.js";

let buckets = 0;

export interface RemoteTarget {
  store: FetchStore;
  presigner: Presigner;
  bucketUrl: string;
}

export type SignerOptions = Partial<Pick<PresignerConfig, "access" | "prefixes" | "expiresSeconds" | "unconditionalPuts">>;

/** A fresh bucket on `endpoint` and a FetchStore signed for it. */
export function endpointTarget(
  endpoint: ObjectEndpoint,
  signer: SignerOptions = {},
  store: Partial<FetchStoreOptions> = {},
  bucket = `bucket-${++buckets}`,
): RemoteTarget {
  const bucketUrl = `${endpoint.url}/${bucket}/`;
  // A bucket may speak another dialect than the endpoint's (ObjectEndpoint.configureBucket).
  const dialect = store.dialect === "gcs" || store.dialect === "s3" ? store.dialect : endpoint.dialect;
  const presigner = new Presigner({
    dialect,
    bucketUrl,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    region: endpoint.region,
    prefixes: signer.prefixes ?? ["*"],
    access: signer.access ?? "write",
    unconditionalPuts: signer.unconditionalPuts ?? true,
    ...(signer.expiresSeconds ? { expiresSeconds: signer.expiresSeconds } : {}),
  });
  return {
    store: new FetchStore({
      dialect,
      presignBatch: (requests) => presigner.presignBatch(requests),
      retryBaseMs: 1,
      ...store,
    }),
    presigner,
    bucketUrl,
  };
}

/** A fresh container on Azurite and a FetchStore signed for it with SAS URLs. */
export async function azuriteTarget(
  azurite: Azurite,
  signer: SignerOptions = {},
  store: Partial<FetchStoreOptions> = {},
): Promise<RemoteTarget> {
  const bucketUrl = await azurite.createContainer(`container-${++buckets}`);
  const presigner = new Presigner({
    dialect: "azure",
    bucketUrl,
    credentials: { accountName: AZURITE_ACCOUNT, accountKey: AZURITE_KEY },
    prefixes: signer.prefixes ?? ["*"],
    access: signer.access ?? "write",
    unconditionalPuts: signer.unconditionalPuts ?? true,
  });
  return {
    store: new FetchStore({
      dialect: "azure",
      presignBatch: (requests) => presigner.presignBatch(requests),
      retryBaseMs: 1,
      ...store,
    }),
    presigner,
    bucketUrl,
  };
}
