// Runs one conformance case by name against a fresh OpfsStore directory,
// in whatever context imports it (the page or its worker).
import { OpfsStore } from "../../../../dist/js/index.js";
import { conformanceCases } from "../../store_conformance.js";

export interface CaseOutcome {
  ok: boolean;
  error?: string;
}

let counter = 0;

export async function runConformanceCase(name: string, where: string): Promise<CaseOutcome> {
  const c = conformanceCases.find((x) => x.name === name);
  if (!c) return { ok: false, error: `no conformance case named '${name}'` };
  const directory = `conformance-${where}-${Date.now()}-${counter++}`;
  const store = new OpfsStore({ directory });
  try {
    await c.run(store);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ""}` : String(err) };
  } finally {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry(directory, { recursive: true }).catch(() => undefined);
  }
}
