// Built by esbuild with --minify: error classes must keep their names. The
// wasm comes through esbuild's file loader (--loader:.wasm=file), as esbuild
// does not ship files referenced by new URL(..., import.meta.url).
import * as namidb from "namidb-wasm";
import wasm from "namidb-wasm/namidb.wasm";
import { smoke } from "./smoke.mjs";

const engine = await namidb.loadEngine({ wasm: new URL(wasm, import.meta.url) });
const errors = {};
for (const [exported, value] of Object.entries(namidb)) {
  if (typeof value === "function" && value.prototype instanceof Error) {
    const instance = exported === "CypherError"
      ? new value("m", { type: "SyntaxError", phase: "compile time", detail: "X" })
      : exported === "NamiDBError" ? new value("Internal", "m") : new value("m");
    errors[exported] = { name: instance.name, className: value.name, code: instance.code };
  }
}
console.log(JSON.stringify({ memory: await smoke(namidb, "memory://matrix", { engine }), errors }));
