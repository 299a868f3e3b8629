// A page built by a bundler with its default configuration (Vite, webpack 5):
// the bundler ships the package's .wasm, found through new URL(..., import.meta.url).
import * as namidb from "namidb-wasm";
import { smoke } from "./smoke.mjs";

smoke(namidb, "memory://matrix").then(
  (result) => { document.body.dataset.result = JSON.stringify({ memory: result }); },
  (err) => { document.body.dataset.result = JSON.stringify({ failed: String(err && err.stack || err) }); },
);
