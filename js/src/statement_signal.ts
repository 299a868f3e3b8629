/**
 * The signal a running statement hands to its store (through the bridge):
 * it fires when the caller's AbortSignal does or when the statement's
 * `timeoutMs` runs out, with an AbortError or a TimeoutError as its reason.
 *
 * The engine checks its own clock while it computes; this signal covers the
 * time the statement spends waiting on the store: reads are refused once it
 * fired (js/src/bridge.ts), and a store may give up a wait that has not
 * written anything yet (the FileStore's wait for its lock).
 */
import { AbortError, CancelledError, TimeoutError } from "./errors.js";

export interface StatementSignal {
  signal: AbortSignal;
  /** Stops the timer and the listener; call when the statement ends. */
  dispose(): void;
}

/** Starts watching; `timeoutMs` 0 means no time limit. */
export function watchStatement(caller: AbortSignal | undefined, timeoutMs: number): StatementSignal {
  const controller = new AbortController();
  const onAbort = () => controller.abort(new AbortError("the statement was cancelled (its AbortSignal fired)"));
  caller?.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(
          () => controller.abort(new TimeoutError(`the statement ran past its time limit of ${timeoutMs} ms`)),
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
    : new AbortError("the statement was cancelled (its AbortSignal fired)");
}

/**
 * A statement that ended with the engine's Cancelled code, as the error that
 * says why: the caller's signal fired (AbortError), else its time ran out
 * (TimeoutError: the engine's clock, the timer, or a store giving up at
 * it). The engine's message is kept; it says how far the statement got.
 */
export function cancelledStatement(caller: AbortSignal | undefined, timeoutMs: number, message: string): CancelledError {
  if (caller?.aborted) return new AbortError(message);
  if (timeoutMs > 0) return new TimeoutError(message);
  return new CancelledError(message);
}
