/**
 * Just enough of the Chrome DevTools Protocol to read a workerd isolate's
 * heap through Miniflare's inspector port: V8's used heap and the array
 * buffers it holds (`Runtime.getHeapUsage`). workerd does not answer
 * `HeapProfiler.collectGarbage`, so readings include garbage not yet collected. Uses the WebSocket of Node
 * (`--experimental-websocket` on Node 20).
 */

export interface HeapUsage {
  /** Bytes of live JavaScript objects. */
  usedSize: number;
  /** Bytes of array buffer contents (not wasm memory). */
  backingStorageSize: number;
}

export class Inspector {
  private nextId = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) {
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
      }
    });
  }

  /** Connects to the isolate of `target` ("core:user:<name>" for a Worker). */
  static async connect(port: number, target: string): Promise<Inspector> {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ id: string; webSocketDebuggerUrl: string }>;
    const found = list.find((t) => t.id === target);
    if (!found) throw new Error(`no inspector target ${target} (${list.map((t) => t.id).join(", ")})`);
    const socket = new WebSocket(found.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.addEventListener("open", resolve, { once: true });
      socket.addEventListener("error", reject, { once: true });
    });
    return new Inspector(socket);
  }

  /** Sends a command; fails after `timeoutMs` (workerd leaves some commands unanswered). */
  send<T>(method: string, params: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<T> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the inspector did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as T);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Answered between the isolate's turns, so it waits out a long synchronous stretch. */
  heapUsage(timeoutMs = 120_000): Promise<HeapUsage> {
    return this.send<HeapUsage>("Runtime.getHeapUsage", {}, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * Polls the heap until stopped; keeps the highest readings. The isolate
 * answers between turns, so a reading waits while it computes: the peak is
 * of what it held between turns.
 */
export class HeapSampler {
  peakUsed = 0;
  peakBuffers = 0;
  peakTotal = 0;
  samples = 0;
  private running = true;
  private readonly done: Promise<void>;

  constructor(private readonly inspector: Inspector, intervalMs = 5) {
    this.done = (async () => {
      while (this.running) {
        const usage = await inspector.heapUsage();
        this.samples++;
        this.peakUsed = Math.max(this.peakUsed, usage.usedSize);
        this.peakBuffers = Math.max(this.peakBuffers, usage.backingStorageSize);
        this.peakTotal = Math.max(this.peakTotal, usage.usedSize + usage.backingStorageSize);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}
