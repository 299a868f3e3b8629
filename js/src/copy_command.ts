/**
 * `namidb-wasm copy <from> <to>`: copies a namespace between two stores named
 * by URIs (js/src/node/store_uri.ts), with a progress line on stderr (on a
 * terminal, or with --progress) and a summary at the end.
 */
import { parseArgs } from "node:util";
import { copyNamespace } from "./copy.js";
import { InvalidArgumentError } from "./errors.js";
import { storeFromUri } from "./node/store_uri.js";
import { ProgressLine } from "./shell/progress.js";
import { UsageError } from "./shell/usage_error.js";

export const COPY_USAGE = `usage: namidb-wasm copy <from> <to> [--progress]

  Copies a namespace (its data files, then its manifest) between stores:
    file:./data?ns=demo                         a local folder
    s3://bucket/prefix/demo[?endpoint=URL&region=R]
                                                S3, R2, MinIO: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
    gs://bucket/prefix/demo                     GCS (HMAC keys): GCS_HMAC_ACCESS_KEY_ID, GCS_HMAC_SECRET
    azure://account/container/prefix/demo[?endpoint=URL]
                                                Azure Blob: AZURE_STORAGE_KEY
    https://host/path/demo/                     a public host (source only)
  The target must not hold the namespace yet; an interrupted copy can be run again.
  A progress line on stderr when it is a terminal; --progress prints it
  (a line a second) anywhere.
`;

export async function runCopyCommand(args: string[], err: NodeJS.WriteStream = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { progress: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ""), COPY_USAGE);
  }
  if (parsed.values.help) {
    process.stdout.write(COPY_USAGE);
    return 0;
  }
  const uris = parsed.positionals;
  if (uris.length !== 2) throw new UsageError(`copy takes a source and a target URI, not ${uris.length} argument${uris.length === 1 ? "" : "s"}`, COPY_USAGE);
  const from = storeFromUri(uris[0]!);
  const to = storeFromUri(uris[1]!);
  if (from.namespace !== to.namespace) {
    throw new InvalidArgumentError(`the namespace keeps its name: '${from.namespace}' cannot be copied as '${to.namespace}'`);
  }
  const started = Date.now();
  const progress = ProgressLine.for(err, parsed.values.progress);
  const result = await copyNamespace(from.store, to.store, from.namespace, {
    prefix: from.prefix,
    targetPrefix: to.prefix,
    onProgress: (p) => {
      progress.update(`copied ${p.done} of ${p.total} objects (${p.bytes.toLocaleString("en")} bytes)`, p.done === p.total);
    },
  });
  progress.clear();
  err.write(`copied namespace '${from.namespace}' version ${result.version}: ${result.objects} objects, ` +
    `${result.bytes.toLocaleString("en")} bytes in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
