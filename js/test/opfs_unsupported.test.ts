// Outside a browser, the browser-only parts fail with typed errors that say
// what they need, and bad options are refused before anything runs.
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { InvalidArgumentError, UnsupportedError } from "../../dist/js/errors.js";
import { OpfsStore } from "../../dist/js/opfs/opfs_store.js";
import { persistStorage } from "../../dist/js/opfs/persist.js";

describe("browser-only parts in Node", () => {
  it("opens opfs:// only where there is an origin private file system", async () => {
    const err = await open("opfs://notes").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedError);
    expect((err as Error).message).toMatch(/origin private file system.*secure context/);
    await expect(open("opfs://Bad_Name")).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("refuses an OpfsStore directory that is not a clean path", () => {
    expect(() => new OpfsStore({ directory: "a//b" })).toThrow(InvalidArgumentError);
    expect(() => new OpfsStore({ directory: "../up" })).toThrow(InvalidArgumentError);
    expect(new OpfsStore({ directory: "apps/notes" }).channelName).toBe("namidb-opfs:apps/notes");
  });

  it("says that worker mode needs Web Workers, and that it takes URIs", async () => {
    const noWorkers = await open("memory://w", { worker: true }).catch((e: unknown) => e);
    expect(noWorkers).toBeInstanceOf(UnsupportedError);
    expect((noWorkers as Error).message).toMatch(/needs Web Workers/);
    const notUri = await (open as (t: unknown, o: unknown) => Promise<unknown>)({ namespace: "x" }, { worker: true }).catch((e: unknown) => e);
    expect(notUri).toBeInstanceOf(InvalidArgumentError);
  });

  it("has no storage to persist", async () => {
    await expect(persistStorage()).rejects.toBeInstanceOf(UnsupportedError);
  });
});
