/**
 * Change notifications: telling a session that a newer version of its
 * namespace exists, so that a page can `refresh()` and redraw.
 *
 * A session that commits announces it; a subscriber hears the announcement,
 * reads the namespace's manifest and calls back with the new version (only
 * when it grew, so repeated or late announcements are harmless). A session
 * is not told of its own commits: its subscriptions take the version they
 * read after one as seen. Three paths
 * carry the announcement, whichever the store allows:
 * - sessions on the same store object in this JS realm hear each other at
 *   once;
 * - stores with a `channelName` (OpfsStore: one per origin directory) also
 *   post on a BroadcastChannel of that name, which every tab and worker of the
 *   origin hears;
 * - for every other store (a bucket, which other machines write) the
 *   subscriber polls the manifest's version every `pollMs` (default 5 s).
 */
import type { ObjectStore } from "../store.js";

/** What a subscriber is told. */
export interface Change {
  /** The namespace's newest manifest version. */
  version: number;
}

export interface SubscribeOptions {
  /**
   * Milliseconds between polls of the manifest. Default: 5000 for stores
   * without a channel (remote stores), none (0) for stores with one (OPFS,
   * memory), whose writers announce every commit.
   */
  pollMs?: number;
}

/** A store that tells every tab and worker of an origin about changes under it. */
interface ChannelStore extends ObjectStore {
  readonly channelName?: string;
}

/** Hears an announcement for `manifestKey` from the feed `from`. */
type Listener = (manifestKey: string, from: string) => void;

/** Same-realm listeners, by store object, then by manifest key. */
const local = new WeakMap<ObjectStore, Map<string, Set<Listener>>>();

export const DEFAULT_POLL_MS = 5000;

function manifestVersion(bytes: Uint8Array): number | undefined {
  try {
    const v = (JSON.parse(new TextDecoder().decode(bytes)) as { version?: unknown }).version;
    return typeof v === "number" ? v : undefined;
  } catch {
    return undefined;
  }
}

export class ChangeFeed {
  /** Tells this session's announcements from others'. */
  private readonly id = Math.random().toString(36).slice(2) + Date.now().toString(36);
  private channel: BroadcastChannel | undefined;
  private readonly unsubscribers = new Set<() => void>();

  constructor(
    private readonly store: ObjectStore,
    /** The namespace's manifest key: what changes on every commit. */
    private readonly manifestKey: string,
  ) {}

  private channelName(): string | undefined {
    const name = (this.store as ChannelStore).channelName;
    return typeof name === "string" && typeof BroadcastChannel === "function" ? name : undefined;
  }

  /** Announces that this session changed the namespace (after a commit, flush or compaction). */
  publish(): void {
    for (const listener of local.get(this.store)?.get(this.manifestKey) ?? []) listener(this.manifestKey, this.id);
    const name = this.channelName();
    if (name) {
      this.channel ??= new BroadcastChannel(name);
      this.channel.postMessage({ manifestKey: this.manifestKey, from: this.id });
    }
  }

  /**
   * Calls `callback` whenever the namespace's manifest version grows past
   * the one current when subscribing. Returns the function that stops it.
   */
  subscribe(callback: (change: Change) => void, options: SubscribeOptions = {}): () => void {
    const name = this.channelName();
    const pollMs = options.pollMs ?? (name ? 0 : DEFAULT_POLL_MS);
    if (typeof pollMs !== "number" || !(pollMs >= 0)) throw new TypeError("pollMs must be a non-negative number");
    let seen: number | undefined;
    let stopped = false;
    let checking: Promise<void> = Promise.resolve();
    const baseline = this.readVersion().then((v) => {
      seen ??= v;
    });
    // Checks run one at a time, so versions are reported in order. After
    // this session's own commit the version read is taken as seen, silently.
    const check = (own: boolean) => {
      checking = checking.then(async () => {
        await baseline;
        const version = await this.readVersion();
        if (stopped || version === undefined || (seen !== undefined && version <= seen)) return;
        seen = version;
        if (!own) callback({ version });
      });
    };
    const onLocal: Listener = (key, from) => {
      if (key === this.manifestKey) check(from === this.id);
    };
    let byKey = local.get(this.store);
    if (!byKey) local.set(this.store, (byKey = new Map()));
    let listeners = byKey.get(this.manifestKey);
    if (!listeners) byKey.set(this.manifestKey, (listeners = new Set()));
    listeners.add(onLocal);
    let channel: BroadcastChannel | undefined;
    if (name) {
      channel = new BroadcastChannel(name);
      channel.onmessage = (e: MessageEvent<{ manifestKey?: string; from?: string }>) =>
        onLocal(String(e.data?.manifestKey), String(e.data?.from));
    }
    const timer = pollMs > 0 ? setInterval(() => check(false), pollMs) : undefined;
    const stop = () => {
      stopped = true;
      listeners!.delete(onLocal);
      channel?.close();
      if (timer !== undefined) clearInterval(timer);
      this.unsubscribers.delete(stop);
    };
    this.unsubscribers.add(stop);
    return stop;
  }

  /** Stops every subscription and the announcing channel. */
  close(): void {
    for (const stop of [...this.unsubscribers]) stop();
    this.channel?.close();
    this.channel = undefined;
  }

  private async readVersion(): Promise<number | undefined> {
    try {
      return manifestVersion((await this.store.get(this.manifestKey)).data);
    } catch {
      // No manifest yet (nothing committed), or the store is unreachable for now.
      return undefined;
    }
  }
}
