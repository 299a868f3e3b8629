/**
 * CallQueue: runs calls into one wasm module instance one at a time.
 *
 * A module suspended by Asyncify (waiting for a store promise) must not be
 * entered again until it resumes: a second call would run on the unwound
 * stack. So every call into an instance goes through its queue, and two
 * `query()` promises in flight run one after the other.
 *
 * An instance that aborted (a trap, an out-of-memory abort, an Asyncify stack
 * overflow, the JS stack exhausted inside it, a C++ exception escaping it) is
 * dead: the call that killed it and every later call fail with an
 * EngineAbortedError that says why, instead of the module's own obscure
 * failure.
 */
import { describeAbort } from "./abort_reason.js";
import { EngineAbortedError } from "./errors.js";

const REOPEN =
  "open the database again (open() without an engine option starts a new engine instance; " +
  "with an engine of your own, load a new one with loadEngine())";

export class CallQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private reason: string | undefined;
  private pending = 0;

  /**
   * `describe` tells which errors thrown by a call mean the instance died,
   * and why (js/src/abort_reason.ts).
   */
  constructor(private readonly describe: (err: unknown) => string | undefined = (err) => describeAbort(err)) {}

  /** Number of calls queued or running. */
  get size(): number {
    return this.pending;
  }

  get dead(): boolean {
    return this.reason !== undefined;
  }

  /** Why the instance died, once it has. */
  get deadReason(): string | undefined {
    return this.reason;
  }

  /** Marks the instance dead (from the module's onAbort hook, or a trap); the first reason stays. */
  markDead(reason: string): void {
    this.reason ??= reason;
  }

  run<T>(fn: () => T | Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(async () => {
      if (this.reason !== undefined) {
        throw new EngineAbortedError(
          this.reason,
          `the namidb engine instance this runs in aborted earlier (${this.reason}); ${REOPEN}`,
        );
      }
      try {
        return await fn();
      } catch (err) {
        const reason = this.describe(err);
        if (reason === undefined) throw err;
        this.markDead(reason);
        throw new EngineAbortedError(
          this.reason!,
          `the namidb engine instance aborted (${this.reason}); ${REOPEN}`,
          { cause: err },
        );
      }
    });
    const settle = () => {
      this.pending--;
    };
    this.tail = result.then(settle, settle);
    return result;
  }
}
