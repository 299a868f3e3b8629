// Node: "namidb-wasm" resolves to the node export, which opens file: URIs.
import * as namidb from "namidb-wasm";
import { smoke } from "./smoke.mjs";

const folder = process.argv[2];
console.log(JSON.stringify({
  memory: await smoke(namidb, "memory://matrix"),
  file: await smoke(namidb, `file:${folder}?ns=matrix`),
}));
