// Starts what most browser tests need: the bundled namidb test page served on
// 127.0.0.1 and a Chromium to open it in.
import type { Page } from "playwright-core";
import { buildPages } from "./build_pages.js";
import { launchChromium, type TestBrowser } from "./chromium.js";
import { serveDirectory, type StaticServer } from "./static_server.js";

export interface NamidbPages {
  browser: TestBrowser;
  server: StaticServer;
  url: string;
  /** A new tab with the package loaded. */
  open(): Promise<Page>;
  close(): Promise<void>;
}

/** `mounts`: further folders to serve, by URL prefix (see serveDirectory). */
export async function startNamidbPages(name: string, mounts: Record<string, string> = {}): Promise<NamidbPages> {
  const server = await serveDirectory(await buildPages(name, ["namidb.html"]), mounts);
  const browser = await launchChromium();
  const url = `${server.origin}/namidb.html`;
  return {
    browser,
    server,
    url,
    async open() {
      const page = await browser.newPage(url);
      await page.waitForSelector("body[data-ready=true]");
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
