// The offline workbench (examples/web) end to end in Chromium, built with
// Vite from the packed package exactly as `scripts/web.sh build` builds it:
// load, import the sample graph with its progress bar, query, see rows and the
// picture, EXPLAIN, reload and find the data, a second tab updated live, a CSV
// import and a reload with the network gone. Screenshots in artifacts/browser/.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "./harness/build_pages.js";
import { launchChromium, type TestBrowser } from "./harness/chromium.js";
import { serveDirectory, type StaticServer } from "./harness/static_server.js";

let browser: TestBrowser;
let server: StaticServer;
let url: string;

beforeAll(async () => {
  await promisify(execFile)("bash", [join(REPO, "scripts/web.sh"), "build"], {
    cwd: REPO,
    maxBuffer: 1 << 24,
    env: { ...process.env, NAMIDB_PACKAGE_BUILT: "1" },
  });
  server = await serveDirectory(join(REPO, "examples/web/dist"));
  browser = await launchChromium();
  url = `${server.origin}/?ns=e2e-${process.pid}`;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(browser.takeErrors()).toEqual([]);
});

async function ready(page: Page): Promise<void> {
  await page.waitForSelector("body[data-ready=true]");
}

// Imports and queries take seconds on a loaded machine; these waits end as soon as the page shows the result.
const LONG = { timeout: 90_000, interval: 100 };
const stats = (page: Page) => page.locator("#stats").textContent();
const nodesIn = (text: string | null) => Number((text ?? "").replace(/,/g, "").match(/^(\d+) nodes/)?.[1] ?? NaN);

describe("the workbench", () => {
  it("imports, queries, draws, explains, keeps its data across a reload and updates a second tab", async () => {
    const page = await browser.newPage(url);
    await ready(page);
    expect(await stats(page)).toBe("0 nodes · 0 relationships");

    await page.click("#load-sample");
    await page.waitForSelector("#progress:not([hidden])");
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#progress")!.hidden);
    await expect.poll(() => stats(page), LONG).toMatch(/^1,518 nodes · \d{1,3}(,\d{3})* relationships$/);
    expect(await page.locator("#notice").textContent()).toMatch(/^Loaded 1,518 nodes and [\d,]+ relationships\.$/);

    // The first example query ran: a picture (cytoscape's canvases) and a table.
    await page.waitForSelector("#graph canvas");
    expect(await page.locator("#timing").textContent()).toMatch(/^\d+ rows · [\d.]+ ms$/);
    await page.click(".tabs button[data-view=table]");
    expect(await page.locator("#table tbody tr").count()).toBeGreaterThan(10);
    expect(await page.locator("#table th").allTextContents()).toEqual(["p", "k", "f", "l", "c"]);
    await page.click(".tabs button[data-view=graph]");
    await browser.screenshot(page, "workbench");

    await page.click("#explain");
    await expect.poll(() => page.locator("#plan").textContent(), LONG).toMatch(/NodeScan|Expand/);
    await page.click("#profile");
    await expect.poll(() => page.locator("#plan").textContent(), LONG).toMatch(/rows/);

    await page.reload();
    await ready(page);
    expect(nodesIn(await stats(page))).toBe(1518);

    // A second tab: a write in the first shows up there without a reload.
    const second = await browser.newPage(url);
    await ready(second);
    await page.selectOption("#examples", { label: "Add yourself" });
    await expect.poll(() => stats(page), LONG).toMatch(/^1,519 nodes/);
    await expect.poll(() => stats(second), LONG).toMatch(/^1,519 nodes/);
    expect(await second.locator("#notice").textContent()).toMatch(/^Updated by another tab: now at version \d+\.$/);
    expect(await second.locator("#version").textContent()).toMatch(/^live · v\d+$/);
    await browser.screenshot(second, "workbench-second-tab");
    await second.close();
    await page.close();
  });

  it("works with the network gone: a CSV import, queries, and a reload", async () => {
    const page = await browser.newPage(`${server.origin}/?ns=offline-${process.pid}`);
    await ready(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await browser.context.setOffline(true);
    try {
      await page.setInputFiles("#csv-files", [
        { name: "people.csv", mimeType: "text/csv", buffer: Buffer.from("id,name,age\n1,Ann,31\n2,Bob,42\n3,Cid,27\n") },
        { name: "knows.csv", mimeType: "text/csv", buffer: Buffer.from("src,dst,since\n1,2,2019\n2,3,2021\n") },
      ]);
      await expect.poll(() => stats(page), LONG).toBe("3 nodes · 2 relationships");
      expect(await page.locator("#notice").textContent()).toBe("Imported 3 nodes and 2 relationships.");
      await page.reload();
      await ready(page);
      expect(await stats(page)).toBe("3 nodes · 2 relationships");
      await page.evaluate(() => {
        const editor = document.querySelector(".cm-content") as HTMLElement;
        editor.focus();
      });
      await page.keyboard.press("Control+a");
      await page.keyboard.type("MATCH (a:People)-[k:KNOWS]->(b) RETURN a.name AS a, k.since AS since, b.name AS b ORDER BY since");
      await page.click("#run");
      await expect.poll(() => page.locator("#table tbody").innerText(), LONG).toBe("\"Ann\"\t2019\t\"Bob\"\n\"Bob\"\t2021\t\"Cid\"");
    } finally {
      await browser.context.setOffline(false);
    }
    await page.close();
  });
});
