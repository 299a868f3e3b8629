/**
 * open() for Node: everything the portable open() takes, plus `file:` URIs
 * for a database in a local folder: `file:./data?ns=demo`,
 * `file:///abs/path?ns=demo` (the namespace defaults to "default").
 */
import { fileURLToPath } from "node:url";
import {
  Database,
  open as openPortable,
  recover as recoverPortable,
  type OpenOptions,
  type OpenTarget,
  type RecoverOptions,
  type RecoveryReport,
} from "../database.js";
import { InvalidArgumentError } from "../errors.js";
import { checkNamespace } from "../open_checks.js";
import type { ObjectStore } from "../store.js";
import { FileStore } from "./file_store.js";

const FORMS = "file:./relative/folder?ns=name or file:///absolute/folder?ns=name";

/** The folder and namespace a `file:` URI names. */
export function parseFileUri(uri: string): { dir: string; namespace: string } {
  if (typeof uri !== "string" || !uri.startsWith("file:")) {
    throw new InvalidArgumentError(`'${String(uri)}' is not a file: URI (${FORMS})`);
  }
  const [location, query = ""] = uri.slice("file:".length).split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  for (const name of params.keys()) {
    if (name !== "ns") throw new InvalidArgumentError(`'${uri}': unknown parameter '${name}' (only ns=<namespace>)`);
  }
  const namespace = checkNamespace(params.get("ns") ?? "default", `'${uri}'`);
  let dir = location;
  if (location.startsWith("//")) {
    const host = location.slice(2).split("/", 1)[0]!;
    if (host !== "" && host !== "localhost") {
      throw new InvalidArgumentError(
        `'${uri}' names the host '${host}'; a file: URI opens a folder on this machine: ${FORMS}`,
      );
    }
    try {
      dir = fileURLToPath(`file:${location}`);
    } catch (err) {
      throw new InvalidArgumentError(`'${uri}' is not a valid file: URI (${(err as Error).message}); use ${FORMS}`);
    }
  }
  if (dir === "") throw new InvalidArgumentError(`'${uri}' names no folder (${FORMS})`);
  return { dir, namespace };
}

export async function open(target: OpenTarget, options: OpenOptions & { worker?: false } = {}): Promise<Database> {
  if (typeof target === "string" && target.startsWith("file:")) {
    const { dir, namespace } = parseFileUri(target);
    return openPortable({ store: new FileStore(dir), namespace }, options);
  }
  return openPortable(target, options);
}

/** recover() for Node: also takes `file:` URIs. */
export async function recover(
  target: string | { store: ObjectStore; namespace: string; prefix?: string },
  options: RecoverOptions = {},
): Promise<RecoveryReport> {
  if (typeof target === "string") {
    if (!target.startsWith("file:")) {
      throw new InvalidArgumentError(`recover() takes a file: URI or {store, namespace, prefix?}, not '${target}'`);
    }
    const { dir, namespace } = parseFileUri(target);
    return recoverPortable({ store: new FileStore(dir), namespace }, options);
  }
  return recoverPortable(target, options);
}
