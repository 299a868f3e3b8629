/**
 * `namidb-wasm verify <uri>`: reads every object of a namespace, checks every
 * checksum (verify.ts) and prints what is broken; exit status 1 if anything
 * is. A line per broken object on stderr, a summary after; with
 * `--format json` one JSON line per object on stdout instead.
 */
import { parseArgs } from "node:util";
import type { ErrorCode } from "./errors.js";
import { storeFromUri } from "./node/store_uri.js";
import { ProgressLine } from "./shell/progress.js";
import { write } from "./shell/run_script.js";
import { UsageError } from "./shell/usage_error.js";
import { verifyNamespace, type VerifiedObject } from "./verify.js";

export const VERIFY_USAGE = `usage: namidb-wasm verify <uri> [--format table|json] [--all] [--progress]

  Reads every object of the namespace at <uri> (any store copy takes:
  file:./data?ns=demo, s3://…, gs://…, azure://…, https://…/demo/) and checks
  every checksum: the manifest, each WAL segment's records, each data file's
  index, bloom filter and blocks; every object the manifest names must be
  there with its recorded size. Exit status 0 when all is intact, 1 when
  anything is broken (each broken object is named, with what is wrong).

  --format table  a line per broken object, then a summary (default)
  --format json   one JSON object per object checked: key, kind, bytes,
                  referenced, and error {code, message} when broken
  --all           (table) a line for every object, not only broken ones
  --progress      a progress line on stderr even when it is not a terminal
                  (on a terminal it is always shown once the check takes a second)
`;

const KB = 1024;

function size(bytes: number): string {
  if (bytes < KB) return `${bytes} B`;
  if (bytes < KB * KB) return `${(bytes / KB).toFixed(1)} KiB`;
  if (bytes < KB * KB * KB) return `${(bytes / KB / KB).toFixed(1)} MiB`;
  return `${(bytes / KB / KB / KB).toFixed(2)} GiB`;
}

function jsonLine(o: VerifiedObject): string {
  const { error, ...rest } = o;
  return JSON.stringify(error ? { ...rest, error: { code: error.code as ErrorCode, message: error.message } } : rest);
}

export async function runVerifyCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "table" },
        all: { type: "boolean", default: false },
        progress: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ""), VERIFY_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    await write(process.stdout, VERIFY_USAGE);
    return 0;
  }
  if (values.format !== "table" && values.format !== "json") {
    throw new UsageError(`--format must be table or json, not '${values.format}'`, VERIFY_USAGE);
  }
  if (positionals.length !== 1) {
    throw new UsageError(`verify takes one namespace URI, not ${positionals.length}`, VERIFY_USAGE);
  }
  const where = storeFromUri(positionals[0]!);
  const started = Date.now();
  const progress = ProgressLine.for(process.stderr, values.progress);
  const report = await verifyNamespace(where.store, where.namespace, {
    prefix: where.prefix,
    onProgress: (p) => progress.update(`read ${p.read} of ${p.listed} objects (${p.bytes.toLocaleString("en")} bytes)`),
  });
  progress.clear();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (values.format === "json") {
    await write(process.stdout, report.objects.map(jsonLine).join("\n") + "\n");
  } else {
    const lines: string[] = [];
    for (const o of report.objects) {
      const note = o.referenced ? "" : " (not named by the manifest)";
      if (o.error) lines.push(`BROKEN ${o.key}${note}: ${o.error.name}: ${o.error.message}`);
      else if (values.all) lines.push(`ok     ${o.key}${note}, ${size(o.bytes)}`);
    }
    if (lines.length > 0) await write(process.stdout, lines.join("\n") + "\n");
  }
  const counts = `${report.objects.length} objects, ${size(report.bytes)} read in ${seconds} s`;
  await write(process.stderr, report.broken.length === 0
    ? `namespace '${report.namespace}' is intact: ${counts}\n`
    : `namespace '${report.namespace}' has ${report.broken.length} broken object${report.broken.length === 1 ? "" : "s"}: ${counts}\n`);
  return report.broken.length === 0 ? 0 : 1;
}
