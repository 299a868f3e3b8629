/**
 * What killed an engine instance, in words: the CallQueue asks this about
 * every error a call into the module threw, and an answer means the
 * instance is dead (js/src/queue.ts).
 *
 * Three things end an instance: a trap (`WebAssembly.RuntimeError`, which is
 * also how Emscripten's `abort()` arrives: the C++ runtime aborts when a
 * memory allocation fails), a `RangeError` thrown through it (the JS stack
 * ran out, or a string too long for JS), and a C++ exception escaping it, which this Emscripten
 * delivers as a bare number (a pointer to the exception object). In each the
 * unwound C++ frames never ran their destructors nor restored the module's
 * stack pointer, so the instance is not safe to enter again.
 */

/** The reason an error thrown by a call into the module means the instance died; undefined if it does not. */
export function describeAbort(err: unknown, exceptionType: (pointer: number) => string = () => ""): string | undefined {
  if (typeof err === "number") return describeException(demangle(safely(() => exceptionType(err))));
  if (err instanceof WebAssembly.RuntimeError) return describeTrap(err.message);
  // A RangeError may have unwound C++ frames too (the stack ran out, or a
  // string the engine handed to JS was too long for one): the instance
  // cannot be trusted after either.
  if (err instanceof RangeError) {
    return /call stack/i.test(err.message)
      ? `the JavaScript stack ran out inside the engine (${err.message})`
      : `a RangeError inside the engine (${err.message})`;
  }
  return undefined;
}

/** The reason for the module's own onAbort report (`what` is undefined for a plain abort()). */
export function describeAbortReport(what: unknown): string {
  return describeTrap(what === undefined || what === "" ? "Aborted()" : `Aborted(${String(what)})`);
}

function describeTrap(message: string): string {
  const text = message.replace(/\. Build with -s ASSERTIONS=1 for more info\.$/, "");
  if (text === "Aborted()") {
    return "Aborted(): most likely out of memory (a memory allocation failed)";
  }
  if (text.startsWith("Aborted(")) return text;
  if (text === "unreachable") return "a trap (unreachable): an Asyncify stack overflow or a bug in the engine";
  return `a trap (${text})`;
}

function describeException(type: string): string {
  const what =
    type === "std::bad_alloc"
      ? ": out of memory"
      : type === "std::length_error"
        ? ": a size larger than the engine can allocate"
        : "";
  return `a C++ exception escaped the engine (${type || "of unknown type"})${what}`;
}

function safely(fn: () => string): string {
  try {
    return fn();
  } catch {
    return "";
  }
}

/** `St9bad_alloc` → `std::bad_alloc`, `N8nlohmann6detail12out_of_rangeE` → `nlohmann::detail::out_of_range`. */
export function demangle(name: string): string {
  let rest = name;
  const parts: string[] = [];
  if (rest.startsWith("St")) {
    parts.push("std");
    rest = rest.slice(2);
  } else if (rest.startsWith("N") && rest.endsWith("E")) {
    rest = rest.slice(1, -1);
  }
  while (rest !== "") {
    const m = /^(\d+)/.exec(rest);
    if (!m) return name;  // not a plain nested name: show it as it is
    const length = Number(m[1]);
    const part = rest.slice(m[1]!.length, m[1]!.length + length);
    if (part.length !== length) return name;
    parts.push(part);
    rest = rest.slice(m[1]!.length + length);
  }
  return parts.join("::");
}
