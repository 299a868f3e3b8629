// The example Worker (examples/edge/cloudflare) with one more route,
// /__memory, for the benchmark. measure.mjs is evaluated first.
import { wasmMemoryBytes } from "./measure.mjs";
import worker from "./cloudflare-example/src/worker.ts";

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__memory") return Response.json({ wasmBytes: wasmMemoryBytes() });
    return worker.fetch(request, env, ctx);
  },
};
