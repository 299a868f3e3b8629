/**
 * The object-store conformance suite, TypeScript half. The same cases as
 * tests/store/store_conformance_test.cc; run against every TS store directly
 * and again through the wasm engine (bridge_conformance.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  NamiDBError,
  NotFoundError,
  PreconditionFailedError,
} from "../../dist/js/errors.js";
import type { GetResult, ObjectMeta, ObjectStore } from "../../dist/js/store.js";

export interface StoreUnderTest {
  store: ObjectStore;
  cleanup?: () => Promise<void>;
}

export interface ConformanceOptions {
  /** Define the 64 MiB cases (default true). */
  largeObjects?: boolean;
  /** Objects of the pagination case, more than one 1000-key page (default 2500). */
  listingKeys?: number;
}

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => err,
  );
}

async function listAll(store: ObjectStore, prefix: string, limit?: number): Promise<ObjectMeta[]> {
  const all: ObjectMeta[] = [];
  let startAfter: string | undefined;
  for (;;) {
    const page = await store.list(prefix, {
      ...(startAfter !== undefined ? { startAfter } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    if (limit !== undefined) expect(page.objects.length).toBeLessThanOrEqual(limit);
    all.push(...page.objects);
    if (page.nextStartAfter === undefined) return all;
    expect(page.objects.length).toBeGreaterThan(0);
    startAfter = page.nextStartAfter;
  }
}

function utf8Order(a: string, b: string): number {
  const x = enc.encode(a);
  const y = enc.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One case of the suite: runs against a fresh, empty store. */
export interface ConformanceCase {
  name: string;
  /** Moves a 64 MiB object (left out with `largeObjects: false`). */
  largeObject: boolean;
  run: (store: ObjectStore, options?: ConformanceOptions) => Promise<void>;
}

/**
 * Every case, by name, so that other harnesses (a browser page, a worker)
 * can run them one by one with the same assertions.
 */
export const conformanceCases: ConformanceCase[] = [];

function conformanceCase(
  name: string,
  run: (store: ObjectStore, options: ConformanceOptions) => Promise<void>,
  flags: { largeObject?: boolean } = {},
): void {
  conformanceCases.push({ name, run: (store, options = {}) => run(store, options), largeObject: flags.largeObject ?? false });
}

conformanceCase("round-trips put, get, head and delete", async (store) => {
  const v = await store.put("rt/a", bytes("hello"));
  expect(v.etag.length).toBeGreaterThan(0);
  const got = await store.get("rt/a");
  expect(text(got.data)).toBe("hello");
  expect(got.meta).toMatchObject({ key: "rt/a", size: 5 });
  expect(got.meta.version.etag).toBe(v.etag);
  const head = await store.head("rt/a");
  expect(head.size).toBe(5);
  expect(head.version.etag).toBe(v.etag);
  await store.delete("rt/a");
  expect(await rejection(store.get("rt/a"))).toBeInstanceOf(NotFoundError);
  expect(await rejection(store.head("rt/a"))).toBeInstanceOf(NotFoundError);
});

conformanceCase("reports a missing key as NotFoundError with its code", async (store) => {
  const err = await rejection(store.get("missing/key"));
  expect(err).toBeInstanceOf(NotFoundError);
  expect(err).toBeInstanceOf(NamiDBError);
  expect((err as NamiDBError).code).toBe("NotFound");
});

conformanceCase("lets exactly one of many concurrent create-only puts win", async (store) => {
  const attempts = Array.from({ length: 10 }, (_, i) =>
    store.put("race/manifest", bytes(`writer ${i}`), { ifAbsent: true }),
  );
  const outcomes = await Promise.allSettled(attempts);
  const winners = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
  expect(winners).toHaveLength(1);
  for (const o of outcomes) {
    if (o.status === "rejected") expect(o.reason).toBeInstanceOf(PreconditionFailedError);
  }
  expect(text((await store.get("race/manifest")).data)).toBe(`writer ${winners[0]}`);
});

conformanceCase("swaps with ifMatch on the current version and changes the version", async (store) => {
  const v1 = await store.put("cas/m", bytes("one"), { ifAbsent: true });
  const v2 = await store.put("cas/m", bytes("two"), { ifMatch: v1 });
  expect(v2.etag).not.toBe(v1.etag);
  expect(text((await store.get("cas/m")).data)).toBe("two");
  expect((await store.head("cas/m")).version.etag).toBe(v2.etag);
});

conformanceCase("refuses ifMatch with a stale version or a missing key, changing nothing", async (store) => {
  const v1 = await store.put("cas/s", bytes("one"));
  const v2 = await store.put("cas/s", bytes("two"), { ifMatch: v1 });
  expect(await rejection(store.put("cas/s", bytes("three"), { ifMatch: v1 }))).toBeInstanceOf(
    PreconditionFailedError,
  );
  const after = await store.get("cas/s");
  expect(text(after.data)).toBe("two");
  expect(after.meta.version.etag).toBe(v2.etag);
  expect(
    await rejection(store.put("cas/none", bytes("x"), { ifMatch: v2 })),
  ).toBeInstanceOf(PreconditionFailedError);
  expect(await rejection(store.get("cas/none"))).toBeInstanceOf(NotFoundError);
});

conformanceCase("refuses a create-only put over an existing key", async (store) => {
  await store.put("cas/exists", bytes("first"));
  expect(
    await rejection(store.put("cas/exists", bytes("second"), { ifAbsent: true })),
  ).toBeInstanceOf(PreconditionFailedError);
  expect(text((await store.get("cas/exists")).data)).toBe("first");
});

conformanceCase("gives every put a new version, and an overwrite retires the old token", async (store) => {
  const seen = new Set<string>();
  let last = await store.put("ver/k", bytes("0"));
  seen.add(last.etag);
  for (let i = 1; i < 20; i++) {
    const v = await store.put("ver/k", bytes("same size"));
    expect(seen.has(v.etag)).toBe(false);
    seen.add(v.etag);
    last = v;
  }
  await store.delete("ver/k");
  const recreated = await store.put("ver/k", bytes("same size"), { ifAbsent: true });
  expect(seen.has(recreated.etag)).toBe(false);
  expect(
    await rejection(store.put("ver/k", bytes("x"), { ifMatch: last })),
  ).toBeInstanceOf(PreconditionFailedError);
});

conformanceCase("reads ranges, clamped to the object", async (store) => {
  await store.put("range/k", bytes("0123456789"));
  const read = async (offset: number, length?: number) => {
    const r = await store.get("range/k", length === undefined ? { offset } : { offset, length });
    expect(r.meta.size).toBe(10);
    return text(r.data);
  };
  expect(await read(2, 3)).toBe("234");
  expect(await read(7)).toBe("789");
  expect(await read(8, 100)).toBe("89");
  expect(await read(10)).toBe("");
  expect(await read(10, 5)).toBe("");
  expect(await read(50, 5)).toBe("");
  expect(await read(3, 0)).toBe("");
  expect(await read(0)).toBe("0123456789");
});

conformanceCase("stores empty objects", async (store) => {
  await store.put("empty/k", new Uint8Array(0));
  const r = await store.get("empty/k");
  expect(r.data.length).toBe(0);
  expect(r.meta.size).toBe(0);
  expect((await store.head("empty/k")).size).toBe(0);
  expect((await store.get("empty/k", { offset: 0, length: 10 })).data.length).toBe(0);
  expect((await listAll(store, "empty/")).map((o) => o.key)).toEqual(["empty/k"]);
});

conformanceCase("returns copies: changing returned or passed bytes changes nothing stored", async (store) => {
  const input = bytes("abc");
  await store.put("copy/k", input);
  input[0] = 0x7a;
  const first = await store.get("copy/k");
  first.data[1] = 0x7a;
  expect(text((await store.get("copy/k")).data)).toBe("abc");
});

conformanceCase("answers a batched read in request order, with per-item errors", async (store) => {
  if (!store.getMany) return expect(store.getMany).toBeUndefined();
  for (let i = 0; i < 20; i++) await store.put(`many/${i}`, bytes(`value-${i}`));
  const requests = [
    ...Array.from({ length: 20 }, (_, i) => ({ key: `many/${19 - i}`, range: { offset: 6 } })),
    { key: "many/missing" },
    { key: "many/3", range: { offset: 0, length: 5 } },
  ];
  const results = await store.getMany(requests);
  expect(results).toHaveLength(22);
  for (let i = 0; i < 20; i++) {
    const r = results[i] as GetResult;
    expect(r).not.toBeInstanceOf(Error);
    expect(text(r.data)).toBe(String(19 - i));
    expect(r.meta.key).toBe(`many/${19 - i}`);
  }
  expect(results[20]).toBeInstanceOf(NotFoundError);
  expect(text((results[21] as GetResult).data)).toBe("value");
});

conformanceCase("lists in UTF-8 byte order with prefix filtering", async (store) => {
  const keys = ["ord/a/b", "ord/a-b", "ord/a0", "ord/a!", "ord/a\u00e9", "ord/a\u{1F600}", "ord/a\uE000", "ord/B", "ord/b/c/d"];
  for (const k of keys) await store.put(k, bytes(k));
  await store.put("ordinal", bytes("outside the prefix"));
  const listed = (await listAll(store, "ord/")).map((o) => o.key);
  expect(listed).toEqual([...keys].sort(utf8Order));
  expect((await listAll(store, "ord/a/")).map((o) => o.key)).toEqual(["ord/a/b"]);
  expect((await listAll(store, "ord/b/c")).map((o) => o.key)).toEqual(["ord/b/c/d"]);
  expect(await listAll(store, "nothing-here/")).toEqual([]);
  const metas = await listAll(store, "ord/a0");
  expect(metas).toHaveLength(1);
  expect(metas[0]!.size).toBe(bytes("ord/a0").length);
  expect(metas[0]!.version.etag).toBe((await store.head("ord/a0")).version.etag);
});

conformanceCase("paginates long listings without gaps or duplicates", async (store, options) => {
  const count = options.listingKeys ?? 2500;
  const keys = Array.from({ length: count }, (_, i) => `page/${String(i).padStart(5, "0")}`);
  for (let i = 0; i < keys.length; i += 100) {
    await Promise.all(
      keys.slice(i, i + 100).map((k) => store.put(k, new Uint8Array(0), { ifAbsent: true })),
    );
  }
  const first = await store.list("page/");
  expect(first.objects).toHaveLength(1000);
  expect(first.nextStartAfter).toBe(keys[999]);
  expect((await listAll(store, "page/")).map((o) => o.key)).toEqual(keys);
  const small = (await listAll(store, "page/000", 7)).map((o) => o.key);
  expect(small).toEqual(keys.slice(0, 100));
  const rest = await store.list("page/", { startAfter: keys[count - 6]! });
  expect(rest.objects.map((o) => o.key)).toEqual(keys.slice(count - 5));
  expect(rest.nextStartAfter).toBeUndefined();
});

conformanceCase("deletes a missing key without complaint", async (store) => {
  await expect(store.delete("never/there")).resolves.toBeUndefined();
});

conformanceCase("rejects invalid keys in every operation", async (store) => {
  const bad = ["", "/lead", "trail/", "a//b", "a/./b", "a/../b", "..", "ctl\u0001", "x".repeat(1025)];
  for (const key of bad) {
    expect(await rejection(store.get(key))).toBeInstanceOf(InvalidArgumentError);
    expect(await rejection(store.head(key))).toBeInstanceOf(InvalidArgumentError);
    expect(await rejection(store.put(key, bytes("x")))).toBeInstanceOf(InvalidArgumentError);
    expect(await rejection(store.delete(key))).toBeInstanceOf(InvalidArgumentError);
  }
  expect(await rejection(store.get("ok/key", { offset: -1 }))).toBeInstanceOf(
    InvalidArgumentError,
  );
  expect(await rejection(store.list("", { limit: 0 }))).toBeInstanceOf(InvalidArgumentError);
});

conformanceCase("moves a 64 MiB object intact", async (store) => {
  const size = 64 << 20;
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) data[i] = (i >>> 12) & 0xff;
  data[size - 1] = 0xab;
  await store.put("large/64m", data);
  const back = await store.get("large/64m");
  expect(back.meta.size).toBe(size);
  expect(sameBytes(back.data, data)).toBe(true);
  const tail = await store.get("large/64m", { offset: size - 4096, length: 8192 });
  expect(tail.data.length).toBe(4096);
  expect(tail.data[4095]).toBe(0xab);
  expect(tail.data[0]).toBe(data[size - 4096]);
}, { largeObject: true });

export function defineStoreConformance(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
  options: ConformanceOptions = {},
): void {
  describe(`store conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    beforeEach(async () => {
      subject = await makeStore();
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });
    // A subject without the 64 MiB cases does not list them at all (the
    // store beneath it runs them on its own).
    for (const c of conformanceCases.filter((c) => !c.largeObject || options.largeObjects !== false)) {
      it(c.name, () => c.run(subject.store, options));
    }
  });
}
