/**
 * The package as a user gets it: `npm pack` of the built dist/, installed
 * with `npm install <tarball>` into a throwaway project outside the
 * repository (so nothing resolves from the repository's own node_modules).
 *
 * The runtime tests (js/test/runtimes/) and the runtimes benchmark use it.
 * One pack serves every test file and every later run until the package's
 * files change: the project folder is named by a hash of what `files` in
 * package.json ships. Two test files racing to make it each build their own
 * copy and the first rename wins.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

export interface PackedPackage {
  /** The tarball `npm pack` made. */
  tarball: string;
  /** A project (`"type": "module"`) with the tarball installed in node_modules. */
  app: string;
  /** The installed package: <app>/node_modules/namidb-wasm. */
  installed: string;
}

let made: Promise<PackedPackage> | undefined;

export function packedPackage(): Promise<PackedPackage> {
  made ??= make();
  return made;
}

async function make(): Promise<PackedPackage> {
  const root = join(tmpdir(), `namidb-packed-${hash([REPO]).slice(0, 8)}`);
  const name = (await contentHash()).slice(0, 16);
  const dir = join(root, name);
  if (!existsSync(join(dir, "ready"))) {
    const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
    await mkdir(staging, { recursive: true });
    // --ignore-scripts: no prepack build while other test files read dist/.
    await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", staging], { cwd: REPO });
    const app = join(staging, "app");
    await mkdir(app);
    await writeFile(join(app, "package.json"), JSON.stringify({ name: "namidb-user-app", private: true, type: "module" }));
    const tarball = (await readdir(staging)).find((f) => f.endsWith(".tgz"))!;
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", `../${tarball}`], {
      cwd: app,
      maxBuffer: 1 << 24,
    });
    await writeFile(join(staging, "ready"), "");
    try {
      await rename(staging, dir);
    } catch {
      await rm(staging, { recursive: true, force: true });  // another test file got there first
    }
    await removeOlder(root, name);
  }
  const tarball = (await readdir(dir)).find((f) => f.endsWith(".tgz"))!;
  const app = join(dir, "app");
  return { tarball: join(dir, tarball), app, installed: join(app, "node_modules", "namidb-wasm") };
}

// What package.json's `files` ships, and package.json itself.
async function contentHash(): Promise<string> {
  const files = ["package.json", "README.md", "LICENSE"];
  const walk = async (dir: string) => {
    for (const entry of await readdir(join(REPO, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.push(path);
    }
  };
  await walk("dist/js");
  await walk("dist/wasm");
  const h = createHash("sha256");
  for (const file of files.sort()) {
    h.update(relative(REPO, join(REPO, file)));
    h.update(await readFile(join(REPO, file)));
  }
  return h.digest("hex");
}

async function removeOlder(root: string, keep: string): Promise<void> {
  for (const entry of await readdir(root)) {
    if (entry !== keep && !entry.includes(".tmp-")) await rm(join(root, entry), { recursive: true, force: true });
  }
}

function hash(parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}
