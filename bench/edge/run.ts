/**
 * `npm run bench -- runtimes`: the package as users get it (the packed
 * tarball installed into a throwaway project) in each runtime.
 *
 *   cold     module load -> first result in Node, Deno, workerd and Chromium (cold_start.ts)
 *   memory   the Cloudflare Worker example's memory serving point and
 *            neighbourhood queries on the generated graph in R2 (worker_memory.ts)
 *
 * One JSON object per line on stdout ({"suite":"runtimes", ...}); progress on stderr.
 *
 *   --only cold|memory     one part (default both)
 *   --runs N               cold starts per runtime (default 5; the median is reported)
 *   --persons N            generator scale of the memory part (default 110000: 1M nodes)
 *   --people N             people asked about, each with every query (default 10)
 *   --data DIR             where the built namespace is kept between runs (default build/bench-data)
 *   --out FILE             also append the lines to FILE
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { coldStarts } from "./cold_start.js";
import { packedPackage, REPO } from "./packed_package.js";
import { workerMemory } from "./worker_memory.js";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    runs: { type: "string", default: "5" },
    persons: { type: "string", default: "110000" },
    people: { type: "string", default: "10" },
    data: { type: "string", default: join(REPO, "build", "bench-data") },
    out: { type: "string" },
  },
});

function emit(line: Record<string, unknown>): void {
  const text = JSON.stringify({ suite: "runtimes", ...line });
  console.log(text);
  if (args.out) appendFileSync(args.out, text + "\n");
}

function log(message: string): void {
  process.stderr.write(`[runtimes] ${message}\n`);
}

const pkg = await packedPackage();
const work = mkdtempSync(join(tmpdir(), "namidb-runtimes-bench-"));
try {
  if (args.only === undefined || args.only === "cold") await coldStarts(pkg, work, Number(args.runs), emit, log);
  if (args.only === undefined || args.only === "memory") {
    await workerMemory(pkg, work, { persons: Number(args.persons), people: Number(args.people), dataDir: args.data! }, emit, log);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
