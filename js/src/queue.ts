/**
 * CallQueue: runs calls into one wasm module instance one at a time.
 *
 * A module suspended by Asyncify (waiting for a store promise) must not be
 * entered again until it resumes: a second call would run on the unwound
 * stack. So every call into an instance goes through its queue, and two
 * `query()` promises in flight run one after the other.
 *
 * An instance that aborted (a trap, an out-of-memory, an Asyncify stack
 * overflow, the JS stack exhausted inside it) is dead: every later call fails at once with an InternalError that
 * says so, instead of the module's own obscure failure.
 */
import { InternalError } from "./errors.js";

export class CallQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private deadReason: string | undefined;
  private pending = 0;

  /** Number of calls queued or running. */
  get size(): number {
    return this.pending;
  }

  get dead(): boolean {
    return this.deadReason !== undefined;
  }

  /** Marks the instance dead (from the module's onAbort hook, or a trap). */
  markDead(reason: string): void {
    this.deadReason ??= reason;
  }

  run<T>(fn: () => T | Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(async () => {
      if (this.deadReason !== undefined) {
        throw new InternalError(
          `the namidb engine instance aborted earlier (${this.deadReason}); load a new one`,
        );
      }
      try {
        return await fn();
      } catch (err) {
        // A trap, or the JS stack running out inside the module (RangeError):
        // the unwound C++ frames never restored the module's own stack
        // pointer nor ran their destructors, so the instance is not safe to
        // enter again.
        if (err instanceof WebAssembly.RuntimeError || err instanceof RangeError) {
          this.markDead(err.message);
          throw new InternalError(`the namidb engine instance aborted: ${err.message}`, {
            cause: err,
          });
        }
        throw err;
      }
    });
    const settle = () => {
      this.pending--;
    };
    this.tail = result.then(settle, settle);
    return result;
  }
}
