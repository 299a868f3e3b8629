/**
 * The HTTP layer of a FetchStore: WHATWG fetch() only, so it runs unchanged
 * in browsers, workers, Deno, Cloudflare Workers and Node. It bounds the
 * requests in flight, gives each attempt a timeout, retries with exponential
 * backoff and full jitter what is safe to repeat (5xx, 429, network errors,
 * timeouts and bodies cut short, for idempotent requests only), and honours
 * AbortSignals: the store's own and each call's (CancelledError, never
 * retried). It counts requests and bytes for benchmarks and tests.
 */
import { CancelledError, InvalidArgumentError, IoError } from "../errors.js";

export interface HttpOptions {
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** Requests in flight at once (default 16). */
  maxInFlight?: number;
  /** Retries of an idempotent request after the first attempt (default 4). */
  retries?: number;
  /** First backoff bound in ms; doubles per retry, full jitter (default 100). */
  retryBaseMs?: number;
  /** Largest backoff in ms (default 5,000). */
  retryMaxMs?: number;
  /** Milliseconds one attempt may take, body included (default 30,000). */
  timeoutMs?: number;
  /** Aborts everything this store does (CancelledError). */
  signal?: AbortSignal;
}

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** Attempts it took (more than one after retries). */
  attempts?: number;
  /**
   * A browser's reply from another origin (Response.type "cors"): its
   * headers are only those the server's CORS rules expose.
   */
  cors?: boolean;
}

export interface SendOptions {
  /** Safe to repeat: retried on transient failures. */
  idempotent: boolean;
  /** Cancels this request (CancelledError). */
  signal?: AbortSignal;
}

/** What a store did on the wire; benchmarks and tests read it. */
export interface HttpStats {
  /** HTTP requests sent (attempts, retries included). */
  requests: number;
  /**
   * Round trips on the critical path: a request sent before any other
   * finished is one, a request sent after others finished is one more than
   * the deepest of them. Requests issued together cost one round trip of
   * latency; a batch larger than maxInFlight costs more.
   */
  roundTrips: number;
  retries: number;
  bytesReceived: number;
  bytesSent: number;
}

/** A failure worth another attempt of an idempotent request. */
class TransientError extends Error {}

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, roundTrips: 0, retries: 0, bytesReceived: 0, bytesSent: 0 };
  private readonly fetchFn: typeof fetch;
  private readonly maxInFlight: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;
  private inFlight = 0;  // slots taken, waiters included
  private finishedDepth = 0;  // the deepest round trip of a finished request
  private readonly waiting: Array<() => void> = [];

  constructor(options: HttpOptions = {}) {
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.maxInFlight = positive(options.maxInFlight ?? 16, "maxInFlight");
    this.retries = nonNegative(options.retries ?? 4, "retries");
    this.retryBaseMs = nonNegative(options.retryBaseMs ?? 100, "retryBaseMs");
    this.retryMaxMs = nonNegative(options.retryMaxMs ?? 5000, "retryMaxMs");
    this.timeoutMs = positive(options.timeoutMs ?? 30_000, "timeoutMs");
    this.signal = options.signal;
  }

  /**
   * Sends `request`, retrying transient failures if it is idempotent; resolves
   * to the reply, whatever its status, once its body is read whole.
   */
  async send(request: HttpRequest, options: SendOptions): Promise<HttpReply> {
    for (let attempt = 0; ; attempt++) {
      this.checkAborted(options.signal);
      let reply: HttpReply | undefined;
      let failure: unknown;
      try {
        reply = await this.attempt(request, options.signal);
      } catch (err) {
        if (!(err instanceof TransientError)) throw err;
        failure = err;
      }
      const transient = reply === undefined || reply.status >= 500 || reply.status === 429;
      if (!transient) return { ...reply!, attempts: attempt + 1 };
      if (!options.idempotent || attempt >= this.retries) {
        if (reply) return { ...reply, attempts: attempt + 1 };
        throw new IoError(
          `${request.method} ${describe(request.url)} failed` +
            (options.idempotent ? ` after ${attempt + 1} attempts` : " (not retried: the request is not idempotent)") +
            `: ${(failure as Error).message}${corsHint(request.url)}`,
          { cause: failure },
        );
      }
      this.stats.retries++;
      const bound = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** attempt);
      await this.sleep(Math.random() * bound, options.signal);
    }
  }

  private async attempt(request: HttpRequest, signal: AbortSignal | undefined): Promise<HttpReply> {
    await this.acquire();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = () => controller.abort();
    let depth = 0;
    this.signal?.addEventListener("abort", onAbort);
    signal?.addEventListener("abort", onAbort);
    try {
      depth = this.finishedDepth + 1;
      this.stats.roundTrips = Math.max(this.stats.roundTrips, depth);
      this.stats.requests++;
      this.stats.bytesSent += request.body?.length ?? 0;
      const init: RequestInit = { method: request.method, headers: request.headers, signal: controller.signal };
      if (request.body) init.body = request.body as Uint8Array<ArrayBuffer>;
      const response = await this.fetchFn(request.url, init);
      const body = request.method === "HEAD" ? new Uint8Array(0) : new Uint8Array(await response.arrayBuffer());
      this.stats.bytesReceived += body.length;
      // A body shorter than its Content-Length was cut short (fetch does not always
      // say so). A compressed body's length is that of the encoded bytes: not comparable.
      const declared = response.headers.get("content-length");
      const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
      if (request.method !== "HEAD" && declared !== null && !encoded && Number(declared) !== body.length) {
        throw new TransientError(`the reply ended after ${body.length} of ${declared} bytes`);
      }
      const reply: HttpReply = { status: response.status, headers: response.headers, body };
      if (response.type === "cors") reply.cors = true;
      return reply;
    } catch (err) {
      if (err instanceof TransientError) throw err;
      this.checkAborted(signal);
      if (timedOut) throw new TransientError(`no complete reply within ${this.timeoutMs} ms`);
      // fetch() rejects with a TypeError for network failures (refused, reset, cut short).
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message;
      throw new TransientError(`${(err as Error).message}${detail ? ` (${detail})` : ""}`);
    } finally {
      clearTimeout(timer);
      this.finishedDepth = Math.max(this.finishedDepth, depth);
      this.signal?.removeEventListener("abort", onAbort);
      signal?.removeEventListener("abort", onAbort);
      this.release();
    }
  }

  private checkAborted(signal: AbortSignal | undefined): void {
    if (this.signal?.aborted || signal?.aborted) {
      throw new CancelledError("the store request was cancelled (its AbortSignal fired)");
    }
  }

  private sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.signal?.removeEventListener("abort", done);
        signal?.removeEventListener("abort", done);
        try {
          this.checkAborted(signal);
          resolve();
        } catch (err) {
          reject(err);
        }
      };
      const timer = setTimeout(done, ms);
      this.signal?.addEventListener("abort", done);
      signal?.addEventListener("abort", done);
    });
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();  // the slot passes on
    else this.inFlight--;
  }
}

// A page cannot tell a request its CORS rules refused from a network failure
// (fetch rejects with the same TypeError), so a failure across origins says both.
function corsHint(url: string): string {
  // Pages and their workers have a location; Node and Workers runtimes do not.
  const here = (globalThis as { location?: { origin?: string } }).location?.origin;
  if (here === undefined || here === "null") return "";
  let there: string;
  try {
    there = new URL(url, here).origin;
  } catch {
    return "";
  }
  if (there === here) return "";
  return (
    `; in a browser this is also how a request the server's CORS rules refuse fails (this page's origin ${here}, ` +
    `the method or a request header not allowed): check the bucket's CORS configuration (docs/stores.md, "Setting up a bucket")`
  );
}

// A URL for messages: without its query, which holds the signature.
function describe(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

function positive(n: number, name: string): number {
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
}

function nonNegative(n: number, name: string): number {
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number`);
  return n;
}
