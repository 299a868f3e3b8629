/**
 * Statement parameters from the command line: `--param name=value` (the
 * value is JSON when it parses as JSON — 31, 1.5, true, null, "31", [1, 2],
 * {"a": 1} — and a string otherwise; an integer past 2^53 stays exact) and
 * `--params file.json` (a JSON object of them). A --param overrides the same
 * name from the file.
 */
import { readFile } from "node:fs/promises";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What is wrong with a parameter argument, in words. */
export class ParamError extends Error {
  override name: string = "ParamError";
}

export function parseParam(arg: string): [string, unknown] {
  const eq = arg.indexOf("=");
  if (eq < 0) throw new ParamError(`--param takes name=value, not '${arg}'`);
  const name = arg.slice(0, eq);
  if (!NAME.test(name)) throw new ParamError(`--param '${arg}': '${name}' is not a parameter name (letters, digits, _)`);
  return [name, parseValue(arg.slice(eq + 1))];
}

function parseValue(text: string): unknown {
  if (/^-?\d+$/.test(text.trim()) && !Number.isSafeInteger(Number(text))) return BigInt(text.trim());
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The parameters of `--params file` (if any) and every `--param`. */
export async function loadParams(file: string | undefined, params: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      throw new ParamError(`--params cannot read '${file}': ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ParamError(`--params '${file}' is not JSON: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new ParamError(`--params '${file}' must hold a JSON object of parameters, e.g. {"name": "Ann"}`);
    }
    Object.assign(out, parsed);
  }
  for (const p of params) {
    const [name, value] = parseParam(p);
    out[name] = value;
  }
  return out;
}
