/**
 * `namidb-wasm copy <from> <to>`: copies a namespace between two stores named
 * by URIs (js/src/node/store_uri.ts), printing progress on stderr.
 */
import { copyNamespace } from "./copy.js";
import { InvalidArgumentError } from "./errors.js";
import { storeFromUri } from "./node/store_uri.js";

export const COPY_USAGE = `usage: namidb-wasm copy <from> <to>

  Copies a namespace (its data files, then its manifest) between stores:
    file:./data?ns=demo                         a local folder
    s3://bucket/prefix/demo[?endpoint=URL&region=R]
                                                S3, R2, MinIO: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
    gs://bucket/prefix/demo                     GCS (HMAC keys): GCS_HMAC_ACCESS_KEY_ID, GCS_HMAC_SECRET
    azure://account/container/prefix/demo[?endpoint=URL]
                                                Azure Blob: AZURE_STORAGE_KEY
    https://host/path/demo/                     a public host (source only)
  The target must not hold the namespace yet; an interrupted copy can be run again.
`;

export async function runCopyCommand(args: string[], err: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  if (args.includes("-h") || args.includes("--help")) {
    process.stdout.write(COPY_USAGE);
    return 0;
  }
  if (args.length !== 2) throw new InvalidArgumentError(`copy takes a source and a target URI\n\n${COPY_USAGE}`);
  const from = storeFromUri(args[0]!);
  const to = storeFromUri(args[1]!);
  if (from.namespace !== to.namespace) {
    throw new InvalidArgumentError(`the namespace keeps its name: '${from.namespace}' cannot be copied as '${to.namespace}'`);
  }
  const started = Date.now();
  let shown = -1;
  const result = await copyNamespace(from.store, to.store, from.namespace, {
    prefix: from.prefix,
    targetPrefix: to.prefix,
    onProgress: (p) => {
      const tenth = Math.floor((p.done / p.total) * 10);
      if (tenth > shown) {
        shown = tenth;
        err(`copied ${p.done} of ${p.total} objects (${p.bytes.toLocaleString("en")} bytes)\n`);
      }
    },
  });
  err(`copied namespace '${from.namespace}' version ${result.version}: ${result.objects} objects, ` +
    `${result.bytes.toLocaleString("en")} bytes in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
