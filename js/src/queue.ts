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
    // No async function around the call: a call that returns a value (a
    // statement the module ran through without suspending) settles in the
    // same turn it started, with no promise of its own.
    const result = this.tail.then(() => this.call(fn));
    this.tail = result.then(this.settle, this.settle);
    return result;
  }

  private readonly settle = () => {
    this.pending--;
  };

  private call<T>(fn: () => T | Promise<T>): T | Promise<T> {
    if (this.reason !== undefined) {
      throw new EngineAbortedError(
        this.reason,
        `the namidb engine instance this runs in aborted earlier (${this.reason}); ${REOPEN}`,
      );
    }
    let value: T | Promise<T>;
    try {
      value = fn();
    } catch (err) {
      throw this.failure(err);
    }
    if (isThenable(value)) return Promise.resolve(value).then(undefined, (err: unknown) => Promise.reject(this.failure(err)));
    return value;
  }

  /** The error a call's failure is rethrown as: EngineAbortedError when it means the instance died. */
  private failure(err: unknown): unknown {
    const reason = this.describe(err);
    if (reason === undefined) return err;
    this.markDead(reason);
    return new EngineAbortedError(this.reason!, `the namidb engine instance aborted (${this.reason}); ${REOPEN}`, {
      cause: err,
    });
  }
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return (
    ((typeof value === "object" && value !== null) || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
