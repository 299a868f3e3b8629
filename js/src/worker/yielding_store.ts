/**
 * A store wrapper for worker mode: before a call, if the worker's event loop
 * has not had a turn for a while, it gets one. A store answered from memory
 * settles in microtasks, and a statement reading from it would otherwise keep
 * the worker from ever seeing the page's cancel message.
 */
import type { ByteRange, GetRequest, GetResult, ListOptions, ListPage, ObjectMeta, ObjectStore, PutOptions, VersionToken } from "../store.js";
import { toNamiDBError, type NamiDBError } from "../errors.js";

/** Longest stretch of store calls without a turn of the event loop. */
const TURN_EVERY_MS = 20;

export class YieldingStore implements ObjectStore {
  readonly kind: string;
  private last = Date.now();

  constructor(private readonly inner: ObjectStore) {
    this.kind = inner.kind;
  }

  /** The inner store's change channel (OpfsStore), so notifications still reach other tabs. */
  get channelName(): string | undefined {
    return (this.inner as { channelName?: string }).channelName;
  }

  private async turn(): Promise<void> {
    if (Date.now() - this.last < TURN_EVERY_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.last = Date.now();
  }

  async get(key: string, range?: ByteRange): Promise<GetResult> {
    await this.turn();
    return this.inner.get(key, range);
  }

  async getMany(requests: readonly GetRequest[]): Promise<Array<GetResult | NamiDBError>> {
    await this.turn();
    if (this.inner.getMany) return this.inner.getMany(requests);
    return Promise.all(requests.map((r) => this.inner.get(r.key, r.range).catch(toNamiDBError)));
  }

  async head(key: string): Promise<ObjectMeta> {
    await this.turn();
    return this.inner.head(key);
  }

  put(key: string, data: Uint8Array, options?: PutOptions): Promise<VersionToken> {
    return this.inner.put(key, data, options);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    await this.turn();
    return this.inner.list(prefix, options);
  }
}
