/**
 * Miniflare's R2 simulator (the one workerd runs for `wrangler dev`), reached
 * from Node through Miniflare's proxy of the binding: the same `R2Bucket`
 * methods a Worker calls, with conditional puts honoured. Miniflare keeps
 * its data in memory and listens on loopback only.
 */
import { Miniflare } from "miniflare";
import type { R2BucketLike } from "../../../dist/js/r2/r2_bucket.js";

export class MiniflareR2 {
  private constructor(
    private readonly mf: Miniflare,
    /** The binding, as a Worker sees `env.BUCKET`. */
    readonly bucket: R2BucketLike,
  ) {}

  static async start(): Promise<MiniflareR2> {
    const mf = new Miniflare({
      modules: true,
      script: "export default { fetch() { return new Response(null, { status: 404 }); } }",
      r2Buckets: ["BUCKET"],
      host: "127.0.0.1",
      port: 0,
    });
    return new MiniflareR2(mf, await mf.getR2Bucket("BUCKET"));
  }

  /** Deletes every object, so the next test starts from an empty bucket. */
  async clear(): Promise<void> {
    for (;;) {
      const page = await this.bucket.list({ limit: 1000 });
      if (page.objects.length === 0) return;
      await this.bucket.delete(page.objects.map((o) => o.key));
    }
  }

  stop(): Promise<void> {
    return this.mf.dispose();
  }
}
