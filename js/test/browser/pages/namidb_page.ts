// The whole package on globalThis, bundled as an application would bundle it
// (its worker and .wasm included), for tests that drive it with page.evaluate.
import * as namidb from "../../../../dist/js/index.js";

Object.assign(globalThis, { namidb, pageState: {} });
document.body.dataset["ready"] = "true";
