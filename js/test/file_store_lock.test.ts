// A write() waiting for the FileStore's lock, held by another process,
// honours the statement's timeoutMs and AbortSignal: it ends with
// CancelledError, leaves no child process behind, keeps the lock file, and
// commits nothing; once the lock is free the database writes as before.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CancelledError } from "../../dist/js/errors.js";
import { FileStore } from "../../dist/js/node/file_store.js";
import { open } from "../../dist/js/node/open.js";

let dir: string;
let holder: ChildProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "namidb-lock-"));
});
afterEach(async () => {
  await releaseLock();
  await rm(dir, { recursive: true, force: true });
});

const lockFile = () => join(dir, ".namidb-store", "lock");

// Another process takes the store's lock and keeps it until releaseLock().
async function holdLock(): Promise<void> {
  const child = spawn("flock", ["-x", lockFile(), "-c", "echo locked; exec cat >/dev/null"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  holder = child;
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("close", () => reject(new Error("flock exited before taking the lock")));
  });
}

async function releaseLock(): Promise<void> {
  const child = holder;
  holder = undefined;
  if (!child) return;
  const exited = new Promise((resolve) => child.once("close", resolve));
  child.stdin!.end();
  await exited;
}

// This process's children other than the lock holder.
function strayChildren(): string[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  } catch {
    return [];  // ps exits 1 when it lists nothing
  }
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith(`${holder?.pid} `) && !/\bps\b/.test(l));
}

const values = async (db: Awaited<ReturnType<typeof open>>) =>
  (await db.query("MATCH (a:A) RETURN a.x ORDER BY a.x")).rows.flat();

describe("a write waiting for the file lock", () => {
  it("gives up at timeoutMs and at its AbortSignal, leaving nothing behind", async () => {
    const db = await open(`file:${dir}?ns=g`);
    await db.write("CREATE (:A {x: 1})");
    await holdLock();

    const timedOut = await db.write("CREATE (:A {x: 2})", {}, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(CancelledError);
    // (On a slow disk the deadline may pass while the WAL segment is written,
    // before the wait: the put then gives up before taking the lock.)
    expect((timedOut as Error).message).toMatch(
      /^the statement ran past its time limit of 200 ms: gave up on the lock on .*lock (while waiting for another process to release it|before taking it); nothing was written$/,
    );
    expect(strayChildren()).toEqual([]);

    const controller = new AbortController();
    const cancelled = db.write("CREATE (:A {x: 3})", {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await cancelled.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toContain("the statement was cancelled (its AbortSignal fired): gave up on the lock");
    expect(strayChildren()).toEqual([]);

    // The lock file is as it was, no temp file lingers, nothing was committed.
    expect((await stat(lockFile())).isFile()).toBe(true);
    expect(await readdir(join(dir, ".namidb-store", "tmp"))).toEqual([]);
    expect(await values(db)).toEqual([1]);

    await releaseLock();
    await db.write("CREATE (:A {x: 4})");
    expect(await values(db)).toEqual([1, 4]);
    await db.close();
    const reader = await open(`file:${dir}?ns=g`, { mode: "read" });
    expect(await values(reader)).toEqual([1, 4]);
    await reader.close();
  });

  it("is refused at once when the signal fired before the put, and the key keeps its version", async () => {
    const store = new FileStore(dir);
    const first = await store.put("k", new TextEncoder().encode("one"));
    const controller = new AbortController();
    controller.abort(new CancelledError("stopped"));
    const error = await store
      .put("k", new TextEncoder().encode("two"), { ifMatch: first, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toMatch(/^stopped: gave up on the lock .* before taking it; nothing was written$/);
    const now = await store.get("k");
    expect(new TextDecoder().decode(now.data)).toBe("one");
    expect(now.meta.version).toEqual(first);
    expect(await readdir(join(dir, ".namidb-store", "tmp"))).toEqual([]);
    // A create-only put takes no lock: the signal does not concern it.
    await store.put("fresh", new TextEncoder().encode("x"), { ifAbsent: true, signal: controller.signal });
    expect(strayChildren()).toEqual([]);
  });
});
