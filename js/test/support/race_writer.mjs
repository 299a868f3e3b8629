// One of two writers racing in separate processes through presigned URLs
// (remote_database.test.ts): opens the namespace, says "open", waits for
// "go" on stdin, writes one node and says "ok" or "conflict".
import { createInterface } from "node:readline";
import { ConflictError, FetchStore, open } from "../../../dist/js/index.js";
import { Presigner } from "../../../dist/js/presign/index.js";

const env = process.env;
const presigner = new Presigner({
  dialect: env.DIALECT, bucketUrl: env.BUCKET_URL, region: env.REGION,
  credentials: { accessKeyId: env.ACCESS_KEY, secretAccessKey: env.SECRET_KEY },
  prefixes: [`${env.NS}/`], access: "write",
});
const store = new FetchStore({ dialect: env.DIALECT, presignBatch: (r) => presigner.presignBatch(r) });
const db = await open({ store, namespace: env.NS });
process.stdout.write("open\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === "go") break;
try {
  await db.write("CREATE (:Writer {name: $name})", { name: env.NAME });
  process.stdout.write("ok\n");
} catch (err) {
  process.stdout.write(err instanceof ConflictError ? "conflict\n" : `error ${err?.name}: ${err?.message}\n`);
}
await db.close();
lines.close();
