// Cloudflare Workers: "namidb-wasm" resolves to the workerd export, which
// imports the wasm as a module; open() needs no options.
import * as namidb from "namidb-wasm";
import { smoke } from "./smoke.mjs";

export default {
  async fetch() {
    return Response.json({ memory: await smoke(namidb, "memory://matrix") });
  },
};
