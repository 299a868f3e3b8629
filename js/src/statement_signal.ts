/**
 * The signal a running statement hands to its store (through the bridge):
 * it fires when the caller's AbortSignal does or when the statement's
 * `timeoutMs` runs out, with a CancelledError saying which as its reason.
 *
 * The engine checks its own clock while it computes; this signal covers the
 * time the statement spends waiting on the store: reads are refused once it
 * fired (js/src/bridge.ts), and a store may give up a wait that has not
 * written anything yet (the FileStore's wait for its lock).
 */
import { CancelledError } from "./errors.js";

export interface StatementSignal {
  signal: AbortSignal;
  /** Stops the timer and the listener; call when the statement ends. */
  dispose(): void;
}

/** Starts watching; `timeoutMs` 0 means no time limit. */
export function watchStatement(caller: AbortSignal | undefined, timeoutMs: number): StatementSignal {
  const controller = new AbortController();
  const onAbort = () => controller.abort(new CancelledError("the statement was cancelled (its AbortSignal fired)"));
  caller?.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(
          () => controller.abort(new CancelledError(`the statement ran past its time limit of ${timeoutMs} ms`)),
          timeoutMs,
        )
      : undefined;
  if (caller?.aborted) onAbort();
  return {
    signal: controller.signal,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    },
  };
}

/** The CancelledError an aborted statement signal carries (or a generic one). */
export function cancellation(signal: AbortSignal): CancelledError {
  return signal.reason instanceof CancelledError
    ? signal.reason
    : new CancelledError("the statement was cancelled (its AbortSignal fired)");
}
