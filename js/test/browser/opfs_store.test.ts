// OpfsStore beyond the conformance suite, in Chromium: compare-and-swap
// holding across tabs, versions surviving a reload, the file layout, and a
// full quota as a typed error that changes nothing.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startNamidbPages, type NamidbPages } from "./harness/namidb_page.js";

let pages: NamidbPages;

beforeAll(async () => {
  pages = await startNamidbPages("opfs-store");
});

afterAll(async () => {
  await pages?.close();
});

afterEach(() => {
  expect(pages.browser.takeErrors()).toEqual([]);
});

let unique = 0;
const directory = (what: string) => `${what}-${process.pid}-${unique++}`;

describe("OpfsStore", () => {
  it("loses no compare-and-swap increment when three tabs race on one object", async () => {
    const dir = directory("counter");
    const tabs = await Promise.all([pages.open(), pages.open(), pages.open()]);
    const increments = 25;
    const increment = (page: Page) =>
      page.evaluate(
        async ([dir, increments]) => {
          const store = new namidb.OpfsStore({ directory: dir });
          const enc = new TextEncoder();
          let done = 0;
          let lost = 0;
          while (done < increments) {
            const current = await store.get("counter").catch(() => undefined);
            const n = current ? Number(new TextDecoder().decode(current.data)) : 0;
            try {
              await store.put("counter", enc.encode(String(n + 1)), current ? { ifMatch: current.meta.version } : { ifAbsent: true });
              done++;
            } catch (err) {
              if (!(err instanceof namidb.PreconditionFailedError)) throw err;
              lost++;
            }
          }
          return lost;
        },
        [dir, increments] as const,
      );
    const lost = await Promise.all(tabs.map(increment));
    const final = await tabs[0]!.evaluate(async (dir) => {
      const r = await new namidb.OpfsStore({ directory: dir }).get("counter");
      return Number(new TextDecoder().decode(r.data));
    }, dir);
    expect(final).toBe(3 * increments);
    // The tabs did race (some swaps lost and were retried).
    expect(lost.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await Promise.all(tabs.map((t) => t.close()));
  });

  it("keeps objects and their versions across a reload, one header per file", async () => {
    const dir = directory("reload");
    const page = await pages.open();
    const before = await page.evaluate(async (dir) => {
      const store = new namidb.OpfsStore({ directory: dir });
      const v = await store.put("ns/manifest.json", new TextEncoder().encode("{}"));
      return v.etag;
    }, dir);
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    const after = await page.evaluate(async (dir) => {
      const store = new namidb.OpfsStore({ directory: dir });
      const head = await store.head("ns/manifest.json");
      // The raw file: "NMDBOPF1", the 16-byte version, then the object.
      let d = await navigator.storage.getDirectory();
      for (const part of [dir, "ns"]) d = await d.getDirectoryHandle(part);
      const raw = new Uint8Array(await (await (await d.getFileHandle("manifest.json")).getFile()).arrayBuffer());
      const stale = await store
        .put("ns/manifest.json", new Uint8Array([1]), { ifMatch: { etag: "0".repeat(32) } })
        .catch((e: Error) => e.name);
      const swapped = await store.put("ns/manifest.json", new Uint8Array([2]), { ifMatch: head.version });
      const refused = await store.put("ns/x.crswap", new Uint8Array([1])).catch((e: Error) => e.name);
      return {
        etag: head.version.etag,
        size: head.size,
        magic: new TextDecoder().decode(raw.subarray(0, 8)),
        version: Array.from(raw.subarray(8, 24), (b) => b.toString(16).padStart(2, "0")).join(""),
        body: new TextDecoder().decode(raw.subarray(24)),
        stale,
        swapped: swapped.etag !== head.version.etag,
        refused,
      };
    }, dir);
    expect(after).toEqual({
      etag: before,
      size: 2,
      magic: "NMDBOPF1",
      version: before,
      body: "{}",
      stale: "PreconditionFailedError",
      swapped: true,
      refused: "InvalidArgumentError",
    });
    await page.close();
  });

  it("reports a full quota as ResourceExhaustedError and changes nothing", async () => {
    const dir = directory("quota");
    const page = await pages.open();
    const origin = new URL(pages.url).origin;
    await page.evaluate(async (dir) => {
      await new namidb.OpfsStore({ directory: dir }).put("big", new Uint8Array(1000).fill(7));
    }, dir);
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    const cdp = await pages.browser.context.newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: usage + 256 * 1024 });
    try {
      const outcome = await page.evaluate(async (dir) => {
        const store = new namidb.OpfsStore({ directory: dir });
        const replace = await store.put("big", new Uint8Array(4 << 20)).catch((e: Error) => `${e.name}: ${e.message}`);
        const create = await store.put("other", new Uint8Array(4 << 20), { ifAbsent: true }).catch((e: Error) => `${e.name}: ${e.message}`);
        const kept = await store.get("big");
        const listed = (await store.list("")).objects.map((o) => o.key);
        const files: string[] = [];
        const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(dir);
        for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) files.push(name);
        return { replace, create, size: kept.meta.size, first: kept.data[0], listed, files };
      }, dir);
      expect(outcome.replace).toMatch(/^ResourceExhaustedError: writing 'big' \(4194304 bytes\).*quota/);
      expect(outcome.create).toMatch(/^ResourceExhaustedError: writing .other./);
      expect(outcome).toMatchObject({ size: 1000, first: 7, listed: ["big"], files: ["big"] });
    } finally {
      await cdp.send("Storage.overrideQuotaForOrigin", { origin });
      await cdp.detach();
    }
    await page.close();
  });

  it("keeps working when another tab removed its directory", async () => {
    const dir = directory("removed");
    const page = await pages.open();
    const outcome = await page.evaluate(async (dir) => {
      const store = new namidb.OpfsStore({ directory: dir });
      await store.put("ns/a", new Uint8Array([1]));
      // As another tab clearing the data would.
      await (await navigator.storage.getDirectory()).removeEntry(dir, { recursive: true });
      const gone = await store.get("ns/a").catch((e: Error) => e.name);
      await store.put("ns/b", new Uint8Array([2]));
      const back = Array.from((await store.get("ns/b")).data);
      const listed = (await store.list("ns/")).objects.map((o) => o.key);
      return { gone, back, listed };
    }, dir);
    expect(outcome).toEqual({ gone: "NotFoundError", back: [2], listed: ["ns/b"] });
    await page.close();
  });

  it("offers persistStorage() and storageStatus()", async () => {
    const page = await pages.open();
    const status = await page.evaluate(async () => {
      const persisted = await namidb.persistStorage();
      const s = await namidb.storageStatus();
      return { persisted: typeof persisted, same: s.persisted === persisted, quota: s.quota > 0 };
    });
    expect(status).toEqual({ persisted: "boolean", same: true, quota: true });
    await page.close();
  });
});
