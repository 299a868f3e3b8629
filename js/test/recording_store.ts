/**
 * A test store that records what reaches it: every call with its start and
 * end, and how many calls were in flight at once. Delegates to MemoryStore,
 * after an optional delay, and has no getMany, so the bridge must fan a batch
 * out into concurrent gets itself.
 */
import { MemoryStore } from "../../dist/js/memory_store.js";
import type { ByteRange, ListOptions, ObjectStore, PutOptions } from "../../dist/js/store.js";

export interface CallRecord {
  op: string;
  key: string;
  start: number;
  end?: number;
}

export class RecordingStore implements ObjectStore {
  readonly kind = "recording";
  readonly calls: CallRecord[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private clock = 0;

  constructor(
    readonly inner: ObjectStore = new MemoryStore(),
    private readonly delayMs = 0,
  ) {}

  private async record<T>(op: string, key: string, fn: () => Promise<T>): Promise<T> {
    const call: CallRecord = { op, key, start: this.clock++ };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      return await fn();
    } finally {
      this.inFlight--;
      call.end = this.clock++;
    }
  }

  get(key: string, range?: ByteRange) {
    return this.record("get", key, () => this.inner.get(key, range));
  }
  head(key: string) {
    return this.record("head", key, () => this.inner.head(key));
  }
  put(key: string, data: Uint8Array, options?: PutOptions) {
    return this.record("put", key, () => this.inner.put(key, data, options));
  }
  delete(key: string) {
    return this.record("delete", key, () => this.inner.delete(key));
  }
  list(prefix: string, options?: ListOptions) {
    return this.record("list", prefix, () => this.inner.list(prefix, options));
  }
}
