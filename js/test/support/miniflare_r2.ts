/**
 * Miniflare's R2 simulator (the one workerd runs for `wrangler dev`), reached
 * from Node through Miniflare's proxy of the binding: the same `R2Bucket`
 * methods a Worker calls, with conditional puts honoured. Miniflare keeps
 * its data in memory and listens on loopback only.
 *
 * The proxy reads each property of a returned object (an R2Object's `key`)
 * with a synchronous call to workerd, and under load one of those can get
 * another call's answer, which breaks every later one. So clearing, which
 * would read a thousand keys, runs inside the Worker instead.
 */
import { Miniflare } from "miniflare";
import type { R2BucketLike } from "../../../dist/js/r2/r2_bucket.js";

/** The Worker beside the binding: POST /clear deletes every object. */
const CLEAR_SCRIPT = `
export default {
  async fetch(request, env) {
    if (request.method !== "POST" || new URL(request.url).pathname !== "/clear") {
      return new Response(null, { status: 404 });
    }
    for (;;) {
      const page = await env.BUCKET.list({ limit: 1000 });
      if (page.objects.length === 0) return new Response("cleared");
      await env.BUCKET.delete(page.objects.map((o) => o.key));
    }
  },
};
`;

export class MiniflareR2 {
  private constructor(
    private readonly mf: Miniflare,
    /** The binding, as a Worker sees `env.BUCKET`. */
    readonly bucket: R2BucketLike,
  ) {}

  static async start(): Promise<MiniflareR2> {
    const mf = new Miniflare({
      modules: true,
      script: CLEAR_SCRIPT,
      r2Buckets: ["BUCKET"],
      host: "127.0.0.1",
      port: 0,
    });
    return new MiniflareR2(mf, await mf.getR2Bucket("BUCKET"));
  }

  /** Deletes every object, so the next test starts from an empty bucket. */
  async clear(): Promise<void> {
    const response = await this.mf.dispatchFetch("http://localhost/clear", { method: "POST" });
    const body = await response.text();
    if (!response.ok) throw new Error(`clearing Miniflare's R2 failed: ${response.status} ${body}`);
  }

  stop(): Promise<void> {
    return this.mf.dispose();
  }
}
