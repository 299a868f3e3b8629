/**
 * A SNAP graph (../shared/data/snap-*): one node table `User` of integer ids
 * and one relationship table `FOLLOWS`, directed, as SNAP lists them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Graph } from "./graph.js";

export function loadSnapGraph(dataDir: string, folder: string): Graph {
  const dir = join(dataDir, folder);
  const lines = (file: string) =>
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .filter((l) => l.length > 0);
  const rows = lines("nodes.csv").map((l) => [Number(l)]);
  const src: number[] = [];
  const dst: number[] = [];
  for (const line of lines("edges.csv")) {
    const [a, b] = line.split(",");
    src.push(Number(a));
    dst.push(Number(b));
  }
  return {
    name: folder,
    nodes: [{ label: "User", extraLabels: [], columns: [{ name: "id", type: "INT64" }], rows }],
    rels: [
      { type: "FOLLOWS", from: "User", to: "User", columns: [], src, dst, props: src.map(() => []) },
    ],
  };
}
