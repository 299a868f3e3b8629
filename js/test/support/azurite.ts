/**
 * Azurite (npm, Microsoft's Azure Storage emulator) for the Azure dialect's
 * tests: its blob service on 127.0.0.1 and an ephemeral port, with a
 * temporary folder, stopped (and the folder removed) by `stop()`. Containers
 * are created with an account SAS made here (the emulator's well-known key).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { hmacSha256Base64 } from "../../../dist/js/presign/azure_sas.js";

/** Azurite's documented development account. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const VERSION = "2021-08-06";
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export class Azurite {
  private constructor(
    private readonly child: ChildProcess,
    private readonly folder: string,
    /** `http://127.0.0.1:<port>` */
    readonly url: string,
  ) {}

  static async start(): Promise<Azurite> {
    const folder = await mkdtemp(join(tmpdir(), "namidb-azurite-"));
    const bin = join(ROOT, "node_modules", "azurite", "dist", "src", "blob", "main.js");
    const child = spawn(process.execPath, [
      bin, "--blobHost", "127.0.0.1", "--blobPort", "0", "--location", folder,
      "--skipApiVersionCheck", "--disableTelemetry", "--silent",
    ], { stdio: ["ignore", "pipe", "pipe"] });
    const url = await new Promise<string>((resolvePort, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) resolvePort(m[1]!);
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.on("exit", (code) => reject(new Error(`azurite exited (${code}) before listening: ${output}`)));
    });
    return new Azurite(child, folder, url);
  }

  /** The URL of a container, ending in '/'. */
  containerUrl(name: string): string {
    return `${this.url}/${AZURITE_ACCOUNT}/${name}/`;
  }

  async createContainer(name: string): Promise<string> {
    const response = await fetch(`${this.url}/${AZURITE_ACCOUNT}/${name}?restype=container&${await this.accountSas()}`, {
      method: "PUT",
      headers: { "x-ms-version": VERSION },
    });
    if (response.status !== 201) throw new Error(`creating container ${name}: ${response.status} ${await response.text()}`);
    return this.containerUrl(name);
  }

  /** Set Blob Service Properties: `xml` is a whole <StorageServiceProperties> document (CORS rules, ...). */
  async setServiceProperties(xml: string): Promise<void> {
    const response = await fetch(`${this.url}/${AZURITE_ACCOUNT}/?restype=service&comp=properties&${await this.accountSas()}`, {
      method: "PUT",
      headers: { "x-ms-version": VERSION, "content-type": "application/xml" },
      body: xml,
    });
    if (response.status !== 202) throw new Error(`setting the service properties: ${response.status} ${await response.text()}`);
  }

  // An account SAS for the blob service, its containers and objects, for an hour.
  private async accountSas(): Promise<URLSearchParams> {
    const expiry = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const stringToSign = [AZURITE_ACCOUNT, "rwdlc", "b", "sco", "", expiry, "", "https,http", VERSION, "", ""].join("\n");
    const sig = await hmacSha256Base64(AZURITE_KEY, stringToSign);
    return new URLSearchParams({ sv: VERSION, ss: "b", srt: "sco", sp: "rwdlc", se: expiry, spr: "https,http", sig });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill("SIGTERM");
      await exited;
    }
    await rm(this.folder, { recursive: true, force: true });
  }
}
