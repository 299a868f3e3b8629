/**
 * open() for Node: everything the portable open() takes, plus `file:` URIs
 * for a database in a local folder: `file:./data?ns=demo`,
 * `file:///abs/path?ns=demo` (the namespace defaults to "default").
 */
import { fileURLToPath } from "node:url";
import { Database, open as openPortable, type OpenOptions, type OpenTarget } from "../database.js";
import { InvalidArgumentError } from "../errors.js";
import { FileStore } from "./file_store.js";

/** The folder and namespace a `file:` URI names. */
export function parseFileUri(uri: string): { dir: string; namespace: string } {
  const [location, query = ""] = uri.slice("file:".length).split("?", 2) as [string, string?];
  const namespace = new URLSearchParams(query).get("ns") ?? "default";
  let dir = location;
  if (location.startsWith("//")) dir = fileURLToPath(`file:${location}`);
  if (dir === "") throw new InvalidArgumentError(`'${uri}' names no folder (file:./data?ns=name)`);
  return { dir, namespace };
}

export async function open(target: OpenTarget, options: OpenOptions & { worker?: false } = {}): Promise<Database> {
  if (typeof target === "string" && target.startsWith("file:")) {
    const { dir, namespace } = parseFileUri(target);
    return openPortable({ store: new FileStore(dir), namespace }, options);
  }
  return openPortable(target, options);
}
