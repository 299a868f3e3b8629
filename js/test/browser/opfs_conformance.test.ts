// The object-store conformance suite against OpfsStore in real Chromium: every
// case once in a page (main thread) and once in a dedicated worker.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { conformanceCases } from "../store_conformance.js";
import { buildPages } from "./harness/build_pages.js";
import { launchChromium, type TestBrowser } from "./harness/chromium.js";
import { serveDirectory, type StaticServer } from "./harness/static_server.js";

let browser: TestBrowser;
let server: StaticServer;
let page: Page;

beforeAll(async () => {
  server = await serveDirectory(await buildPages("conformance", ["conformance.html"]));
  browser = await launchChromium();
  page = await browser.newPage(`${server.origin}/conformance.html`);
  await page.waitForSelector("body[data-ready=true]");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(browser.takeErrors()).toEqual([]);
});

for (const where of ["page", "worker"] as const) {
  describe(`store conformance: OpfsStore in a ${where}`, () => {
    for (const c of conformanceCases) {
      it(c.name, async () => {
        const outcome = await page.evaluate(
          ([name, w]) => (globalThis as unknown as { runCase: (n: string, w: string) => Promise<{ ok: boolean; error?: string }> }).runCase(name, w),
          [c.name, where] as const,
        );
        if (!outcome.ok) throw new Error(outcome.error);
      }, 600_000);  // 2,500 OPFS files or 64 MiB take tens of seconds on a busy machine; no case asserts on time
    }
  });
}
