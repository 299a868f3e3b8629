// The Azure CORS configuration docs/stores.md gives users, loaded into
// Azurite (which applies CORS rules as Azure does): every request a
// FetchStore of the Azure dialect sends from a page passes its preflight,
// and the headers the store reads are exposed.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Azurite } from "./support/azurite.js";
import { azuriteTarget } from "./support/remote_stores.js";

const APP = "https://app.example.com";  // the origin the documented rules name
let azurite: Azurite;

beforeAll(async () => {
  azurite = await Azurite.start();
  const docs = await readFile(new URL("../../docs/stores.md", import.meta.url), "utf8");
  const xml = /```xml cors-azure\n([\s\S]*?)```/.exec(docs)?.[1];
  if (!xml) throw new Error("docs/stores.md has no ```xml cors-azure block");
  await azurite.setServiceProperties(xml);
});
afterAll(() => azurite?.stop());

describe("the documented Azure CORS rules", () => {
  it("pass the preflight of every request the store sends, and expose what it reads", async () => {
    const { store, presigner } = await azuriteTarget(azurite);
    await store.put("ns/manifest.json", new Uint8Array(100), { ifAbsent: true });
    const signed = await presigner.presign({ op: "get", key: "ns/manifest.json" });
    const preflight = (method: string, headers: string, origin = APP) =>
      fetch(signed.url, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
      });
    for (const [method, headers] of [
      ["GET", "range,x-ms-version"],
      ["HEAD", "x-ms-version"],
      ["PUT", "if-none-match,x-ms-blob-type,x-ms-version"],
      ["PUT", "if-match,x-ms-blob-type,x-ms-version"],
      ["DELETE", "x-ms-version"],
    ] as const) {
      const reply = await preflight(method, headers);
      expect(reply.status, `${method} ${headers}`).toBe(200);
      expect(reply.headers.get("access-control-allow-origin")).toBe(APP);
    }
    // What the rules leave out is refused.
    expect((await preflight("GET", "range", "https://elsewhere.example")).status).toBe(403);
    expect((await preflight("PUT", "x-ms-meta-owner")).status).toBe(403);

    const reply = await fetch(signed.url, { headers: { origin: APP, range: "bytes=0-9", "x-ms-version": "2021-08-06" } });
    expect(reply.status).toBe(206);
    const exposed = (reply.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(",").map((h) => h.trim());
    expect(exposed).toEqual(expect.arrayContaining(["etag", "content-range", "content-length"]));
  });
});
