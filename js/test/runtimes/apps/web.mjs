// A page built by a bundler with its default configuration (Vite, webpack 5),
// which ships the package's .wasm and workers, found through
// new URL(..., import.meta.url). The same run on the main thread, in a worker
// the page starts (which imports the package itself), and in worker mode
// (open(..., { worker: true }) starts the package's own worker).
import * as namidb from "namidb-wasm";
import { smoke } from "./smoke.mjs";

function inWorker() {
  const worker = new Worker(new URL("./web_worker.mjs", import.meta.url), { type: "module" });
  return new Promise((resolve, reject) => {
    worker.addEventListener("message", (e) => {
      worker.terminate();
      if (e.data.failed) reject(new Error(`in the worker: ${e.data.failed}`));
      else resolve(e.data.result);
    });
    worker.addEventListener("error", (e) => reject(new Error(`the worker failed to start: ${e.message}`)));
  });
}

async function main() {
  const result = { main: await smoke(namidb, "memory://matrix") };
  // Chromium's workers know no import maps, so the unbundled page (plain.html) has none of its own.
  if (!location.pathname.endsWith("/plain.html")) result.worker = await inWorker();
  result.workerMode = await smoke(namidb, "memory://matrix", { worker: true });
  return result;
}

main().then(
  (result) => { document.body.dataset.result = JSON.stringify(result); },
  (err) => { document.body.dataset.result = JSON.stringify({ failed: String((err && err.stack) || err) }); },
);
