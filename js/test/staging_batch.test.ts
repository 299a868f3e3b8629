// The binary staging batch of upsertNodes / upsertEdges (staging_batch.ts,
// decoded by the engine's staging_batch_codec.cc) and of a statement's
// parameters: every kind of value arrives as it does through upsertNode's
// JSON, and bytes the engine cannot decode are an InvalidArgumentError that
// stages or runs nothing.
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { InvalidArgumentError } from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { stagingArgs } from "../../dist/js/staging_args.js";
import { CypherDate, CypherDateTime, CypherDuration, float } from "../../dist/js/values.js";

const values: Record<string, unknown> = {
  nothing: null,
  yes: true,
  no: false,
  zero: 0,
  negativeZero: -0,
  small: -7,
  int32: 2147483648,
  safe: Number.MAX_SAFE_INTEGER,
  unsafe: -(2 ** 60),
  big: 9223372036854775807n,
  bigNegative: -9223372036854775808n,
  huge: 1e300,
  half: 0.5,
  floatOne: float(1),
  nan: NaN,
  inf: -Infinity,
  ascii: "plain text",
  empty: "",
  unicode: "naïve ☃ 日本 😀",
  long: "x".repeat(300) + "é",
  bytes: new Uint8Array([0, 1, 255]),
  list: [1, "two", [3.5, null], { k: "v" }],
  dollar: { $date: "not a date, a map" },
  date: new CypherDate("2020-01-02"),
  zoned: new CypherDateTime("2015-07-21T21:40:32.142+02:00[Europe/Stockholm]"),
  duration: new CypherDuration("P1Y2M3DT4H5M6.7S"),
  jsDate: new Date(Date.UTC(2021, 5, 1, 12)),
};

async function propertiesOf(db: Awaited<ReturnType<typeof open>>, id: string): Promise<unknown> {
  const result = await db.query("MATCH (n {key: $id}) RETURN properties(n)", { id });
  return result.rows[0]![0];
}

describe("binary staging batches", () => {
  it("carry every kind of value as upsertNode's JSON does", async () => {
    // Every integer as a bigint: an integer and a float of one value stay apart.
    const db = await open({ store: new MemoryStore(), namespace: "values" }, { integers: "bigint" });
    await db.upsertNode(["V"], "json", { key: "json", ...values });
    expect(await db.upsertNodes([{ labels: ["V", "Ü"], id: "binary", properties: { key: "binary", ...values } }])).toBe(1);
    const json = (await propertiesOf(db, "json")) as Record<string, unknown>;
    const binary = (await propertiesOf(db, "binary")) as Record<string, unknown>;
    expect(Object.keys(binary).sort()).toEqual(Object.keys(json).sort());
    for (const key of Object.keys(values)) {
      if (key !== "unsafe") expect([key, binary[key]]).toEqual([key, json[key]]);
    }
    // An integral number beyond 2^53 arrives as the integer it is exactly
    // (JSON text carries its shortest decimal form, -1152921504606847000).
    expect(binary.unsafe).toBe(-(2n ** 60n));
    expect(binary.big).toBe(9223372036854775807n);
    expect(binary.unicode).toBe("naïve ☃ 日本 😀");
    expect((await db.query("MATCH (n:Ü) RETURN n.key")).rows).toEqual([["binary"]]);
    // Relationships, with and without ids, carry them too.
    await db.upsertEdges([
      { type: "R", src: "json", dst: "binary", properties: { ...values } },
      { type: "R", src: "binary", dst: "json", id: "r:1", properties: { w: 1 } },
    ]);
    const rel = await db.query("MATCH ()-[r:R]->() WHERE r.w IS NULL RETURN properties(r)", {});
    const relProps = rel.rows[0]![0] as Record<string, unknown>;
    for (const key of Object.keys(values)) expect([key, relProps[key]]).toEqual([key, binary[key]]);
    expect((await db.query("MATCH ()-[r:R {w: 1}]->() RETURN count(r)")).rows).toEqual([[1n]]);
    await db.close();
  });

  it("are refused by the engine when malformed, staging nothing", async () => {
    const db = await open({ store: new MemoryStore(), namespace: "malformed" });
    await db.upsertNode(["P"], "kept");
    const good = stagingArgs.upsertNodes([{ labels: ["P"], id: "a" }, { labels: ["P"], id: "b", properties: { s: "text" } }]);
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('[["P"],"a",{}]'), /no "NSB" at its start/],
      [good.slice(0, good.length - 3), /malformed staging batch: element 1/],
      [Uint8Array.from([...good, 0]), /bytes after the last element/],
      [Uint8Array.from([...good.slice(0, 3), 9, ...good.slice(4)]), /version 9/],
    ];
    for (const [bytes, message] of cases) {
      const refused = await db.stageEncoded("upsertNodes", bytes).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InvalidArgumentError);
      expect(String(refused)).toMatch(message);
      expect(db.staged).toBe(1);
    }
    expect(await db.stageEncoded("upsertNodes", good)).toEqual({ count: 2 });
    expect(db.staged).toBe(3);
    await db.close();
  });

  it("carry a statement's parameters of every kind as the values they are", async () => {
    const db = await open({ store: new MemoryStore(), namespace: "parameters" }, { integers: "bigint" });
    await db.upsertNode(["V"], "json", { key: "json", ...values });
    const stored = (await propertiesOf(db, "json")) as Record<string, unknown>;
    const back = (await db.query("RETURN $v AS v", { v: { key: "json", ...values } })).rows[0]![0] as Record<string, unknown>;
    for (const key of Object.keys(values)) {
      if (key !== "unsafe") expect([key, back[key]]).toEqual([key, stored[key]]);
    }
    expect(back.unsafe).toBe(-(2n ** 60n));
    // More than a property holds: maps in lists in maps, and one parameter per name.
    const nested = { rows: [{ a: [{ b: 1n }], $float: "NaN" }] };
    const r = await db.query("RETURN $n AS n, $s AS s, size($l) AS size", { n: nested, s: "é", l: [1, 2, 3] });
    expect(r.rows).toEqual([[nested, "é", 3n]]);
    // Named in the error when they have no Cypher value, as before.
    await expect(db.query("RETURN $x", { x: () => 1 })).rejects.toThrow(/parameter \$x is a function/);
    await expect(db.query("RETURN 1", [] as unknown as Record<string, unknown>)).rejects.toThrow(/the parameters must be a plain object/);
    // Bytes the engine cannot decode: an InvalidArgumentError, and the statement does not run.
    const bad = await db
      .runEncoded("CREATE (:Never)", new TextEncoder().encode('{"x": 1}'), true, {})
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidArgumentError);
    expect(String(bad)).toMatch(/malformed parameters: .*no "NSB" at its start/);
    expect((await db.query("MATCH (n:Never) RETURN count(n)")).rows).toEqual([[0n]]);
    await db.close();
  });

  it("is one buffer of its own, so worker mode can transfer it", () => {
    const bytes = stagingArgs.upsertEdges(Array.from({ length: 5000 }, (_, i) => ({ type: "T", src: `a${i}`, dst: "b" })));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes.subarray(0, 3))).toBe("NSB");
    const copy = structuredClone(bytes, { transfer: [bytes.buffer] });
    expect(copy.length).toBeGreaterThan(5000 * 8);
    expect(bytes.length).toBe(0);  // moved, not copied
  });
});
