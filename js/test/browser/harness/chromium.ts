/**
 * Debian's Chromium (/usr/bin/chromium, installed by scripts/setup.sh) driven
 * by playwright-core: headless, with a fresh profile directory removed at the
 * end. One browser per test file; pages fail their test on any console error
 * or uncaught exception; screenshots go to artifacts/browser/ (gitignored).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env["NAMIDB_CHROMIUM"] ?? "/usr/bin/chromium";
export const ARTIFACTS = fileURLToPath(new URL("../../../../artifacts/browser/", import.meta.url));

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface TestBrowser {
  readonly context: BrowserContext;
  /** Opens a page that records console errors and uncaught exceptions. */
  newPage(url?: string): Promise<Page>;
  /** Console errors and page exceptions since the last call, as text. */
  takeErrors(): string[];
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), "namidb-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`uncaught in ${page.url()}: ${e.stack ?? e.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    async newPage(url) {
      const page = await context.newPage();
      if (url) await page.goto(url);
      return page;
    },
    takeErrors() {
      return errors.splice(0);
    },
    async screenshot(page, name) {
      await mkdir(ARTIFACTS, { recursive: true });
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
