// Cold start in Node, Deno or Chromium (cold.html): module load -> first
// result, timed inside (performance.now() counts from the process's start or
// the navigation).
const started = performance.now();
const namidb = await import("namidb-wasm");
const imported = performance.now();
const db = await namidb.open("memory://cold");
const opened = performance.now();
const { rows } = await db.query("RETURN 41 + 1 AS answer");
const answered = performance.now();
if (rows[0][0] !== 42) throw new Error(`wrong answer ${rows[0][0]}`);
console.log(JSON.stringify({
  sinceProcessStart: answered,
  importMs: imported - started,
  openMs: opened - imported,
  firstResultMs: answered - started,
}));
