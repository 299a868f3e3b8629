// The store conformance suite against FetchStore in signed mode, on every
// dialect: the project's strict endpoint speaking S3 and GCS, and Azurite
// speaking Azure Blob; directly and again through the wasm engine.
import { afterAll, beforeAll } from "vitest";
import { loadEngine, type Engine } from "../../dist/js/engine.js";
import type { ObjectStore } from "../../dist/js/store.js";
import { Azurite } from "./support/azurite.js";
import { ObjectEndpoint } from "./support/object_endpoint.js";
import { azuriteTarget, endpointTarget } from "./support/remote_stores.js";
import { defineStoreConformance, type StoreUnderTest } from "./store_conformance.js";

const s3 = new ObjectEndpoint({ dialect: "s3" });
const gcs = new ObjectEndpoint({ dialect: "gcs" });
let azurite: Azurite;
let engine: Engine | undefined;

beforeAll(async () => {
  await Promise.all([s3.start(), gcs.start()]);
  azurite = await Azurite.start();
});
afterAll(async () => {
  await Promise.all([s3.stop(), gcs.stop(), azurite?.stop()]);
});

async function throughEngine(store: ObjectStore): Promise<StoreUnderTest> {
  engine ??= await loadEngine();
  const view = engine.openStore(store);
  return { store: view, cleanup: () => view.close() };
}

defineStoreConformance("FetchStore (S3, strict endpoint)", async () => ({ store: endpointTarget(s3).store }));
defineStoreConformance("FetchStore (GCS XML, strict endpoint)", async () => ({ store: endpointTarget(gcs).store }));
defineStoreConformance("FetchStore (Azure, Azurite)", async () => ({ store: (await azuriteTarget(azurite)).store }));
defineStoreConformance("engine → FetchStore (S3)", () => throughEngine(endpointTarget(s3).store));
defineStoreConformance("engine → FetchStore (GCS XML)", () => throughEngine(endpointTarget(gcs).store));
defineStoreConformance("engine → FetchStore (Azure)", async () => throughEngine((await azuriteTarget(azurite)).store));
