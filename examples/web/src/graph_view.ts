// The graph picture: every node, relationship and path in a result, drawn
// with cytoscape (force-directed layout), coloured by label.
import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import type { Node, Path, Relationship } from "namidb-wasm";

const PALETTE = ["#0d9488", "#7c3aed", "#ea580c", "#2563eb", "#db2777", "#65a30d", "#0891b2", "#ca8a04"];

function isNode(v: unknown): v is Node {
  return typeof v === "object" && v !== null && "labels" in v && "properties" in v && "id" in v;
}
function isRelationship(v: unknown): v is Relationship {
  return typeof v === "object" && v !== null && "type" in v && "start" in v && "end" in v;
}
function isPath(v: unknown): v is Path {
  return typeof v === "object" && v !== null && "nodes" in v && "relationships" in v;
}

function caption(n: Node): string {
  const p = n.properties;
  const name = p["name"] ?? p["title"] ?? p["id"];
  return name === undefined ? (n.labels[0] ?? "") : String(name);
}

/** The graph values in `rows`, deduplicated; relationships only between nodes present. */
export function graphElements(rows: unknown[][]): { elements: ElementDefinition[]; labels: string[]; colors: string[] } {
  const nodes = new Map<string, Node>();
  const rels = new Map<string, Relationship>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isPath(v)) {
      v.nodes.forEach(visit);
      v.relationships.forEach(visit);
    } else if (isNode(v)) nodes.set(v.id, v);
    else if (isRelationship(v)) rels.set(v.id, v);
  };
  rows.forEach((row) => row.forEach(visit));
  const labels = [...new Set([...nodes.values()].map((n) => n.labels[0] ?? ""))].sort();
  const elements: ElementDefinition[] = [];
  for (const n of nodes.values()) {
    const label = n.labels[0] ?? "";
    elements.push({ data: { id: n.id, caption: caption(n), color: PALETTE[labels.indexOf(label) % PALETTE.length] } });
  }
  for (const r of rels.values()) {
    if (nodes.has(r.start) && nodes.has(r.end)) elements.push({ data: { id: r.id, source: r.start, target: r.end, type: r.type } });
  }
  return { elements, labels, colors: labels.map((_, i) => PALETTE[i % PALETTE.length]!) };
}

export class GraphView {
  private cy: Core | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly legend: HTMLElement,
  ) {}

  /** Draws the result's graph, with a legend of its labels; returns the number of nodes drawn. */
  show(rows: unknown[][]): number {
    const { elements, labels, colors } = graphElements(rows);
    this.legend.replaceChildren(
      ...labels.map((label, i) => {
        const chip = document.createElement("span");
        chip.className = "chip";
        chip.style.setProperty("--chip", colors[i]!);
        chip.textContent = label || "(no label)";
        return chip;
      }),
    );
    this.cy?.destroy();
    this.cy = undefined;
    const count = elements.filter((e) => !("source" in e.data)).length;
    if (count === 0) return 0;
    this.cy = cytoscape({
      container: this.container,
      elements,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(color)",
            label: "data(caption)",
            color: "#0f172a",
            "font-size": 10,
            "text-valign": "bottom",
            "text-margin-y": 3,
            width: 18,
            height: 18,
            "border-width": 2,
            "border-color": "#ffffff",
          },
        },
        {
          selector: "edge",
          style: {
            width: 1.4,
            "line-color": "#cbd5e1",
            "target-arrow-color": "#94a3b8",
            "target-arrow-shape": "triangle",
            "curve-style": "bezier",
            "arrow-scale": 0.8,
            label: "data(type)",
            "font-size": 7,
            color: "#64748b",
            "text-rotation": "autorotate",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.85,
            "text-background-padding": "1px",
          },
        },
        { selector: "node:selected", style: { "border-color": "#0f172a", "border-width": 3 } },
      ],
      layout: { name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 60, padding: 24 },
    });
    return count;
  }

  resize(): void {
    this.cy?.resize();
    this.cy?.fit(undefined, 24);
  }
}
