/**
 * Typed errors. Every failure namidb reports is a `NamiDBError` with a `code`;
 * each code has its own subclass so callers can `instanceof` or switch on
 * `err.code`. The codes are the C++ engine's status codes, by name.
 */

export type ErrorCode =
  | "NotFound"
  | "AlreadyExists"
  | "PreconditionFailed"
  | "Conflict"
  | "Corruption"
  | "InvalidArgument"
  | "Unsupported"
  | "IoError"
  | "Cancelled"
  | "ResourceExhausted"
  | "Internal"
  | "ManifestMissing";

/** Numeric status codes of the C++ engine (src/core/status.h), in order. */
export const ERROR_CODES: readonly ErrorCode[] = [
  "NotFound",
  "AlreadyExists",
  "PreconditionFailed",
  "Conflict",
  "Corruption",
  "InvalidArgument",
  "Unsupported",
  "IoError",
  "Cancelled",
  "ResourceExhausted",
  "Internal",
  "ManifestMissing",
];

/** Where a Cypher error was found and how openCypher classifies it. */
export interface CypherErrorInfo {
  /** e.g. "SyntaxError", "TypeError", "ConstraintVerificationFailed" */
  type: string;
  /** "compile time" or "runtime" */
  phase: string;
  /** e.g. "UndefinedVariable", "UnexpectedSyntax" */
  detail: string;
  /** 1-based position in the query text, for compile-time errors */
  line?: number;
  column?: number;
}

// Every class names itself with a string: a minifier renames classes, and
// `err.name` must stay "NotFoundError", not what the class became.
export class NamiDBError extends Error {
  override name: string = "NamiDBError";
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The object, namespace or key does not exist. */
export class NotFoundError extends NamiDBError {
  override name: string = "NotFoundError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("NotFound", message, options);
  }
}
/** A create-only operation found the thing already there. */
export class AlreadyExistsError extends NamiDBError {
  override name: string = "AlreadyExistsError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("AlreadyExists", message, options);
  }
}
/** A conditional write lost: the object changed, or was absent under if-match. */
export class PreconditionFailedError extends NamiDBError {
  override name: string = "PreconditionFailedError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("PreconditionFailed", message, options);
  }
}
/** Another writer committed first. Reopen the database to continue writing. */
export class ConflictError extends NamiDBError {
  override name: string = "ConflictError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("Conflict", message, options);
  }
}
/** Stored bytes failed a checksum, bound or format check. */
export class CorruptionError extends NamiDBError {
  override name: string = "CorruptionError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("Corruption", message, options);
  }
}
/** The caller passed something malformed. */
export class InvalidArgumentError extends NamiDBError {
  override name: string = "InvalidArgumentError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("InvalidArgument", message, options);
  }
}
/** A valid request that this build, runtime or backend cannot serve. */
export class UnsupportedError extends NamiDBError {
  override name: string = "UnsupportedError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("Unsupported", message, options);
  }
}
/** The store, the network or the operating system failed. */
export class IoError extends NamiDBError {
  override name: string = "IoError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("IoError", message, options);
  }
}
/** The operation was cancelled by its caller. */
export class CancelledError extends NamiDBError {
  override name: string = "CancelledError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("Cancelled", message, options);
  }
}
/**
 * A statement ran past its `timeoutMs` (computing, or waiting on the store).
 * A CancelledError, named like the DOM's `AbortSignal.timeout()` reason.
 */
export class TimeoutError extends CancelledError {
  override name: string = "TimeoutError";
}
/**
 * A statement's AbortSignal fired, before it ran or while it ran. A
 * CancelledError, named like the DOM's abort reason (`err.name === "AbortError"`).
 */
export class AbortError extends CancelledError {
  override name: string = "AbortError";
}
/** A row, memory or size limit was reached. */
export class ResourceExhaustedError extends NamiDBError {
  override name: string = "ResourceExhaustedError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("ResourceExhausted", message, options);
  }
}
/** A broken invariant inside namidb (a bug), or an engine instance that aborted. */
export class InternalError extends NamiDBError {
  override name: string = "InternalError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("Internal", message, options);
  }
}

/**
 * A reply from a bucket on another origin hides a response header namidb
 * needs (`header`, e.g. ETag, x-goog-generation, Content-Range): the
 * bucket's CORS rules do not expose it to the page, so the browser removed
 * it. Add it to the rules' `setting` (S3 and R2 `ExposeHeaders`, GCS
 * `responseHeader`, Azure `ExposedHeaders`; docs/stores.md has whole
 * configurations). When it was the reply to a write, the write itself may
 * have happened, as with any write whose reply was lost.
 */
export class CorsHeaderError extends IoError {
  override name: string = "CorsHeaderError";
  readonly header: string;
  readonly setting: string;
  constructor(header: string, setting: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.header = header;
    this.setting = setting;
  }
}

/**
 * The engine instance (the wasm module) aborted: it ran out of memory, hit a
 * trap, or a C++ exception escaped it. Nothing can run in it again, so every
 * database opened in it is gone (what was committed is safe in the store;
 * what was staged is lost): open the database again. `open()` without an
 * `engine` option starts a new instance by itself; with your own engine,
 * load a new one with `loadEngine()`. `reason` is what the instance reported.
 */
export class EngineAbortedError extends InternalError {
  override name: string = "EngineAbortedError";
  readonly reason: string;
  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * A namespace holds objects but no manifest: the manifest was lost (deleted,
 * or not copied). Opening it as a new namespace would orphan its data;
 * `recover()` rebuilds the manifest from the newest checkpoint and WAL.
 */
export class ManifestMissingError extends NamiDBError {
  override name: string = "ManifestMissingError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("ManifestMissing", message, options);
  }
}

/**
 * A Cypher statement was rejected: malformed, ill-typed, or failing while it
 * ran. `type`, `phase` and `detail` are openCypher's classification; compile
 * time errors also say where (`line`, `column`). Nothing of the statement
 * was kept.
 */
export class CypherError extends InvalidArgumentError {
  override name: string = "CypherError";
  readonly type: string;
  readonly phase: string;
  readonly detail: string;
  readonly line?: number;
  readonly column?: number;
  constructor(message: string, info: CypherErrorInfo) {
    super(message);
    this.type = info.type;
    this.phase = info.phase;
    this.detail = info.detail;
    if (info.line !== undefined) this.line = info.line;
    if (info.column !== undefined) this.column = info.column;
  }
}

const CLASSES: Record<ErrorCode, new (message: string, options?: { cause?: unknown }) => NamiDBError> =
  {
    NotFound: NotFoundError,
    AlreadyExists: AlreadyExistsError,
    PreconditionFailed: PreconditionFailedError,
    Conflict: ConflictError,
    Corruption: CorruptionError,
    InvalidArgument: InvalidArgumentError,
    Unsupported: UnsupportedError,
    IoError: IoError,
    Cancelled: CancelledError,
    ResourceExhausted: ResourceExhaustedError,
    Internal: InternalError,
    ManifestMissing: ManifestMissingError,
  };

/**
 * Whether `err` carries more than its code and message (a subclass such as
 * CorsHeaderError), so that one rebuilt by errorFromCode would lose it.
 */
export function hasDetail(err: NamiDBError): boolean {
  return err.constructor !== CLASSES[err.code] && !(err instanceof CypherError);
}

/** The typed error for a code name. */
export function errorFromCode(code: ErrorCode, message: string, cause?: unknown): NamiDBError {
  return new CLASSES[code](message, cause === undefined ? undefined : { cause });
}

/** The engine's numeric status code (1..12) for a code name. */
export function numericCode(code: ErrorCode): number {
  return ERROR_CODES.indexOf(code) + 1;
}

/** The code name for the engine's numeric status code; unknown numbers are Internal. */
export function codeFromNumber(n: number): ErrorCode {
  return ERROR_CODES[n - 1] ?? "Internal";
}

/**
 * Any thrown value as a NamiDBError: typed errors pass through, anything else
 * (a DOMException from OPFS, a TypeError from fetch, a string) becomes an
 * IoError that keeps the original as `cause`.
 */
export function toNamiDBError(err: unknown): NamiDBError {
  if (err instanceof NamiDBError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new IoError(message, { cause: err });
}
