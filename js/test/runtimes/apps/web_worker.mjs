// A dedicated worker of the page (web.mjs) that imports the package itself.
import * as namidb from "namidb-wasm";
import { smoke } from "./smoke.mjs";

smoke(namidb, "memory://matrix").then(
  (result) => postMessage({ result }),
  (err) => postMessage({ failed: String((err && err.stack) || err) }),
);
