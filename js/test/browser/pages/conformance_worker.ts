// The dedicated-worker half: the same cases, run in the worker on request.
import { runConformanceCase } from "./conformance_cases.js";

self.onmessage = async (e: MessageEvent<{ id: number; name: string }>) => {
  const outcome = await runConformanceCase(e.data.name, "worker");
  self.postMessage({ id: e.data.id, outcome });
};
