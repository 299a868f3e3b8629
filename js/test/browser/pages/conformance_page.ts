// The page half: runs a case here, or hands it to the dedicated worker.
import { runConformanceCase, type CaseOutcome } from "./conformance_cases.js";

const worker = new Worker(new URL("./conformance_worker.ts", import.meta.url), { type: "module" });
const waiting = new Map<number, (o: CaseOutcome) => void>();
let next = 0;
worker.onmessage = (e: MessageEvent<{ id: number; outcome: CaseOutcome }>) => {
  waiting.get(e.data.id)?.(e.data.outcome);
  waiting.delete(e.data.id);
};

function inWorker(name: string): Promise<CaseOutcome> {
  const id = next++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ id, name });
  });
}

Object.assign(globalThis, {
  runCase: (name: string, where: "page" | "worker") =>
    where === "worker" ? inWorker(name) : runConformanceCase(name, "page"),
});
document.body.dataset["ready"] = "true";
