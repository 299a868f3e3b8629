// The writer process of js/test/crash.test.ts: runs a seeded sequence of
// commits, flushes, compactions and garbage collections on a FileStore
// namespace, and kills itself with SIGKILL at a chosen store write inside
// the chosen operation. Every line it prints reaches the parent before the
// next step (writeSync to the pipe), so the parent holds the record of what
// was acknowledged even though this process dies mid-step:
//
//   begin <batch> <nodes> <relationships>   a commit is about to start
//   ack <batch> <nodes> <relationships>     that commit resolved: it is acknowledged
//   done                   the sequence ended without a kill
//
// Arguments: <dir> <seed> <target: commit|flush|compact|gc> <write within it>
// <before|after> <first batch id>. The writer runs a few commits, what the
// target needs to have work to do, then the target with the kill armed.
import { writeSync } from "node:fs";
import { FileStore, open } from "../../dist/js/node.js";

const [dir, seedText, target, stepText, when, firstBatchText] = process.argv.slice(2);
let seed = Number(seedText) >>> 0;
const random = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const say = (line) => writeSync(1, `${line}\n`);

/** A FileStore that dies at the `step`-th write (put or delete) once armed. */
class KillingStore extends FileStore {
  armedAt = 0;
  writes = 0;
  // Writes may be in flight together (a batched delete): each knows its number.
  maybeDie(n, phase) {
    if (this.armedAt > 0 && n === this.armedAt && phase === when) process.kill(process.pid, "SIGKILL");
  }
  async write(fn) {
    const n = ++this.writes;
    this.maybeDie(n, "before");
    const out = await fn();
    this.maybeDie(n, "after");
    return out;
  }
  put(key, data, options) {
    return this.write(() => super.put(key, data, options));
  }
  delete(key) {
    return this.write(() => super.delete(key));
  }
}

const store = new KillingStore(dir);
// Garbage collection after flushes keeps what they replace (an hour's grace),
// so the explicit gc({graceMs: 0}) has objects to delete.
const db = await open({ store, namespace: "crash" });
const plan = [];
for (let i = Math.floor(random() * 3); i >= 0; i--) plan.push("commit");
if (target === "compact" || target === "gc") plan.push("flush", "commit");
if (target === "gc") plan.push("compact");
plan.push("target", "commit", "commit");
let batch = Number(firstBatchText);
for (const step of plan) {
  const kind = step === "target" ? target : step;
  if (step === "target") store.armedAt = store.writes + Number(stepText);
  if (kind === "commit") {
    const size = 1 + Math.floor(random() * 4);
    const b = batch++;
    const staging = random() < 0.5;
    const line = `${b} ${size} ${staging ? size - 1 : 0}`;
    say(`begin ${line}`);
    if (staging) {
      // Staging API: nodes and a chain of relationships between them.
      for (let j = 0; j < size; j++) await db.upsertNode(["Item"], `item-${b}-${j}`, { batch: b, j });
      for (let j = 1; j < size; j++) await db.upsertEdge("NEXT", `item-${b}-${j - 1}`, `item-${b}-${j}`, { batch: b });
      await db.commit();
    } else {
      // One Cypher statement, one transaction.
      await db.write("UNWIND range(0, $size - 1) AS j CREATE (:Item {batch: $b, j: j})", { b, size });
    }
    say(`ack ${line}`);
  } else if (kind === "flush") {
    await db.flush();
  } else if (kind === "compact") {
    await db.compact();
  } else {
    await db.gc({ graceMs: 0 });
  }
  store.armedAt = 0;
}
await db.close();
say("done");
