// Deno: "namidb-wasm" resolves to the deno export, which imports the wasm as a
// module source: run with no permissions at all for memory://, and with
// --allow-read/--allow-write/--allow-run=flock on the folder for file: URIs.
import * as namidb from "namidb-wasm";
import { smoke } from "./smoke.mjs";

const folder = Deno.args[0];
const result = { memory: await smoke(namidb, "memory://matrix") };
if (folder) result.file = await smoke(namidb, `file:${folder}?ns=matrix`);
console.log(JSON.stringify(result));
