/**
 * The staging calls' arguments, checked and encoded for the engine: shared
 * by Database (in-thread) and WorkerDatabase (encoded on the page, staged in
 * the worker), so both refuse the same input with the same errors.
 */
import { InvalidArgumentError } from "./errors.js";
import { describe } from "./open_checks.js";
import { BatchWriter, EDGES, NODES } from "./staging_batch.js";
import { checkWellFormed, encodeProperties } from "./values.js";

/** An element id: a UUID, or any other string a UUID is derived from (the same string, the same id). */
export type ElementId = string;

/** A node for `upsertNodes`. */
export interface NodeInput {
  labels: string[];
  id: ElementId;
  properties?: Record<string, unknown>;
}

/** A relationship for `upsertEdges`; without `id`, derived from (type, src, dst). */
export interface EdgeInput {
  type: string;
  src: ElementId;
  dst: ElementId;
  properties?: Record<string, unknown>;
  id?: ElementId;
}

function checkLabels(labels: unknown): asserts labels is string[] {
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string")) {
    throw new InvalidArgumentError(`labels must be an array of strings, not ${describe(labels)}`);
  }
  labels.forEach((l: string, i) => checkWellFormed(l, `labels[${i}]`));
}

function checkId(id: unknown, what: string): asserts id is string {
  if (typeof id !== "string" || id.length === 0) {
    throw new InvalidArgumentError(
      `${what} must be a non-empty string (a UUID, or a key a UUID is derived from), not ${describe(id)}`,
    );
  }
  checkWellFormed(id, what);
}

// Calls `each` for every element of `list`, prefixing an InvalidArgumentError's
// message with the element's place (`nodes[3]: ...`). One try around the
// loop: no closure or message text is made per element.
function forEachElement<T>(what: string, list: readonly T[], each: (element: T) => void): void {
  let i = 0;
  try {
    for (; i < list.length; i++) each(list[i]!);
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw new InvalidArgumentError(`${what}[${i}]: ${err.message}`);
    throw err;
  }
}

function nodeJson(labels: unknown, id: unknown, properties: Record<string, unknown>): string[] {
  checkLabels(labels);
  checkId(id, "id");
  return [JSON.stringify(labels), id, encodeProperties(properties)];
}

function checkEdge(type: unknown, src: unknown, dst: unknown, id: unknown): asserts type is string {
  if (typeof type !== "string") {
    throw new InvalidArgumentError(`a relationship type must be a string, not ${describe(type)}`);
  }
  checkWellFormed(type, "the relationship type");
  checkId(src, "src");
  checkId(dst, "dst");
  if (id !== undefined) checkId(id, "id");
}

function edgeJson(type: unknown, src: unknown, dst: unknown, properties: Record<string, unknown>, id: unknown): string[] {
  checkEdge(type, src, dst, id);
  return [type, src as string, dst as string, encodeProperties(properties), (id as string | undefined) ?? ""];
}

/** Arguments of each staging call of the engine's DatabaseClient. */
export const stagingArgs = {
  upsertNode(labels: string[], id: ElementId, properties: Record<string, unknown>): string[] {
    return nodeJson(labels, id, properties);
  },
  upsertEdge(type: string, src: ElementId, dst: ElementId, properties: Record<string, unknown>, id?: ElementId): string[] {
    return edgeJson(type, src, dst, properties, id);
  },
  /** The nodes as one binary staging batch (staging_batch.ts). */
  upsertNodes(nodes: readonly NodeInput[]): Uint8Array {
    if (!Array.isArray(nodes)) throw new InvalidArgumentError("upsertNodes needs an array of nodes");
    const out = new BatchWriter();
    out.header(NODES, nodes.length);
    forEachElement("nodes", nodes, (n: NodeInput) => {
      if (n === null || typeof n !== "object") throw new InvalidArgumentError("must be an object");
      checkLabels(n.labels);
      checkId(n.id, "id");
      out.varint(n.labels.length);
      for (const label of n.labels) out.text(label);
      out.text(n.id);
      out.properties(n.properties ?? {});
    });
    return out.finish();
  },
  /** The relationships as one binary staging batch (staging_batch.ts). */
  upsertEdges(edges: readonly EdgeInput[]): Uint8Array {
    if (!Array.isArray(edges)) throw new InvalidArgumentError("upsertEdges needs an array of relationships");
    const out = new BatchWriter();
    out.header(EDGES, edges.length);
    forEachElement("edges", edges, (e: EdgeInput) => {
      if (e === null || typeof e !== "object") throw new InvalidArgumentError("must be an object");
      checkEdge(e.type, e.src, e.dst, e.id);
      out.text(e.type);
      out.text(e.src);
      out.text(e.dst);
      out.text(e.id ?? "");
      out.properties(e.properties ?? {});
    });
    return out.finish();
  },
  tombstone(id: ElementId): string[] {
    checkId(id, "id");
    return [id];
  },
};
