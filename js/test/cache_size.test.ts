// open()'s default cacheBytes, maxCacheBytes and memtableBytes by runtime (cache_size.ts),
// as docs/api.md gives them, and explicit values over any default.
import os from "node:os";
import { describe, expect, it } from "vitest";
import {
  defaultCacheBytes,
  defaultMaxCacheBytes,
  detectRuntime,
  resolveCacheBytes,
  resolveCacheSizes,
  resolveMemtableBytes,
  totalMemoryBytes,
} from "../../dist/js/cache_size.js";

const MiB = 1 << 20;
const GiB = 1 << 30;
const workerd = { navigator: { userAgent: "Cloudflare-Workers" } };
const browser = { navigator: { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0" } };
const node = (total: number) => ({
  navigator: { userAgent: "Node.js/22" },
  process: { versions: { node: "22.0.0" }, getBuiltinModule: () => ({ totalmem: () => total }) },
});
const deno = {
  Deno: {},
  navigator: { userAgent: "Deno/2.9.6" },
  process: {
    versions: { node: "22.0.0" },
    getBuiltinModule: () => ({
      totalmem: () => {
        throw new Error("Requires sys access to \"osRelease\", run again with --allow-sys");
      },
    }),
  },
};

describe("the runtime", () => {
  it("is told from its globals", () => {
    expect(detectRuntime(workerd)).toBe("workerd");
    expect(detectRuntime(browser)).toBe("browser");
    expect(detectRuntime({})).toBe("browser");
    expect(detectRuntime(node(8 * GiB))).toBe("node");
    expect(detectRuntime(deno)).toBe("deno");
    expect(detectRuntime()).toBe("node");  // this test runs in Node
  });

  it("tells the machine's memory where it can", () => {
    expect(totalMemoryBytes(node(8 * GiB))).toBe(8 * GiB);
    expect(totalMemoryBytes(deno)).toBeUndefined();
    expect(totalMemoryBytes(browser)).toBeUndefined();
    expect(totalMemoryBytes()).toBe(os.totalmem());
  });
});

describe("the default cacheBytes", () => {
  it("is 16 MiB in Workers and 64 MiB in browsers, whatever the machine", () => {
    expect(resolveCacheBytes(undefined, workerd)).toBe(16 * MiB);
    expect(resolveCacheBytes(undefined, browser)).toBe(64 * MiB);
    expect(defaultCacheBytes("workerd", 64 * GiB)).toBe(16 * MiB);
    expect(defaultCacheBytes("browser", 64 * GiB)).toBe(64 * MiB);
  });

  it("is a sixteenth of the memory in Node and Deno, from 64 MiB to 256 MiB", () => {
    expect(resolveCacheBytes(undefined, node(2 * GiB))).toBe(128 * MiB);
    expect(resolveCacheBytes(undefined, node(512 * MiB))).toBe(64 * MiB);
    expect(resolveCacheBytes(undefined, node(64 * GiB))).toBe(256 * MiB);
    expect(defaultCacheBytes("deno", 3 * GiB)).toBe(192 * MiB);
    expect(resolveCacheBytes(undefined, deno)).toBe(64 * MiB);  // no --allow-sys: the floor
    const here = Math.min(256 * MiB, Math.max(64 * MiB, Math.floor(os.totalmem() / 16 / MiB) * MiB));
    expect(resolveCacheBytes(undefined)).toBe(here);
  });

  it("gives way to an explicit value; 0 means the default", () => {
    for (const globals of [workerd, browser, node(64 * GiB), deno]) {
      expect(resolveCacheBytes(1, globals)).toBe(1);
      expect(resolveCacheBytes(1 << 30, globals)).toBe(1 << 30);
      expect(resolveCacheBytes(0, globals)).toBe(resolveCacheBytes(undefined, globals));
    }
  });
});

describe("the default maxCacheBytes", () => {
  it("is the start in Workers (fixed) and 256 MiB in browsers", () => {
    expect(resolveCacheSizes(undefined, undefined, workerd)).toEqual({ cacheBytes: 16 * MiB, maxCacheBytes: 16 * MiB });
    expect(resolveCacheSizes(undefined, undefined, browser)).toEqual({ cacheBytes: 64 * MiB, maxCacheBytes: 256 * MiB });
    expect(defaultMaxCacheBytes("browser", 64 * GiB)).toBe(256 * MiB);
  });

  it("is a quarter of the memory in Node and Deno, from 256 MiB to 1 GiB", () => {
    expect(defaultMaxCacheBytes("node", 2 * GiB)).toBe(512 * MiB);
    expect(defaultMaxCacheBytes("node", 512 * MiB)).toBe(256 * MiB);
    expect(defaultMaxCacheBytes("node", 64 * GiB)).toBe(1024 * MiB);
    expect(resolveCacheSizes(undefined, undefined, deno)).toEqual({ cacheBytes: 64 * MiB, maxCacheBytes: 256 * MiB });
    expect(resolveCacheSizes(undefined, undefined, node(3 * GiB))).toEqual({ cacheBytes: 192 * MiB, maxCacheBytes: 768 * MiB });
  });

  it("never falls below the start; an explicit ceiling caps the default start", () => {
    // An explicit start above the default ceiling: fixed at it.
    expect(resolveCacheSizes(2 * GiB, undefined, browser)).toEqual({ cacheBytes: 2 * GiB, maxCacheBytes: 2 * GiB });
    // An explicit ceiling below the default start: the start is cut to it.
    expect(resolveCacheSizes(undefined, 8 * MiB, browser)).toEqual({ cacheBytes: 8 * MiB, maxCacheBytes: 8 * MiB });
    // Both: as given; equal values are a fixed size.
    expect(resolveCacheSizes(24 * MiB, 24 * MiB, node(64 * GiB))).toEqual({ cacheBytes: 24 * MiB, maxCacheBytes: 24 * MiB });
    expect(resolveCacheSizes(24 * MiB, 0, node(64 * GiB))).toEqual({ cacheBytes: 24 * MiB, maxCacheBytes: 1024 * MiB });
    expect(resolveCacheSizes(0, 0, workerd)).toEqual(resolveCacheSizes(undefined, undefined, workerd));
  });
});

describe("the default memtableBytes", () => {
  it("is 16 MiB in Workers, 64 MiB in browsers and 256 MiB in Node and Deno, whatever the machine, and an explicit value wins", () => {
    expect(resolveMemtableBytes(undefined, workerd)).toBe(16 * MiB);
    expect(resolveMemtableBytes(0, browser)).toBe(64 * MiB);
    expect(resolveMemtableBytes(undefined, node(GiB))).toBe(256 * MiB);
    expect(resolveMemtableBytes(undefined, node(64 * GiB))).toBe(256 * MiB);
    expect(resolveMemtableBytes(undefined, deno)).toBe(256 * MiB);
    expect(resolveMemtableBytes(3 * MiB + 0.5, workerd)).toBe(3 * MiB);
  });
});
