// Type-checked in the installed project (moduleResolution node16 and bundler):
// every entry point has declarations, and they say what each one exports.
import { open, R2Store, FetchStore, CypherError, type Database, type ObjectStore } from "namidb-wasm";
import { FileStore, open as openNode } from "namidb-wasm/node";
import { Presigner } from "namidb-wasm/presign";

export async function use(bucket: ConstructorParameters<typeof R2Store>[0]): Promise<string[]> {
  const db: Database = await open("memory://t");
  const stores: ObjectStore[] = [new R2Store(bucket), new FileStore("./data"), new FetchStore({ baseUrl: "https://x/" })];
  const presigner: typeof Presigner = Presigner;
  const e: CypherError | undefined = undefined;
  await openNode("file:./data?ns=t");
  return [String(db.mode), String(stores.length), String(presigner), String(e)];
}

// @ts-expect-error open() takes a URI or {store, namespace}: an error only if the types are real
void open(42);
