/**
 * A static file server for browser tests, on 127.0.0.1 and an ephemeral
 * port. `http://127.0.0.1` is a secure context, so pages served from it have
 * OPFS, Web Locks and module workers. Started and stopped by the test that
 * needs it.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".csv": "text/csv; charset=utf-8",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
};

export interface StaticServer {
  /** e.g. "http://127.0.0.1:41234" */
  readonly origin: string;
  /** Requests served so far, by path (to check what a page fetched). */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `root` (and `/` as `index.html`), and each `mounts` folder under its
 * URL prefix (e.g. `{ "/data/": dir }`); anything else is a 404. Answers
 * single-range requests with 206, as a static host serving a namespace does.
 */
export async function serveDirectory(root: string, mounts: Record<string, string> = {}): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    const mount = Object.keys(mounts).find((prefix) => path.startsWith(prefix));
    const base = resolve(mount ? mounts[mount]! : root);
    const rest = mount ? path.slice(mount.length - 1) : path;
    const file = normalize(join(base, rest.endsWith("/") ? `${rest}index.html` : rest));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    stat(file).then(
      (s) => {
        if (!s.isFile()) throw new Error("not a file");
        const headers = {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": "no-store",
          "accept-ranges": "bytes",
        };
        const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
        if (range) {
          const start = Number(range[1]);
          const end = Math.min(range[2] ? Number(range[2]) : s.size - 1, s.size - 1);
          if (start >= s.size) {
            res.writeHead(416, { "content-range": `bytes */${s.size}` }).end();
            return;
          }
          res.writeHead(206, { ...headers, "content-length": end - start + 1, "content-range": `bytes ${start}-${end}/${s.size}` });
          createReadStream(file, { start, end }).pipe(res);
          return;
        }
        res.writeHead(200, { ...headers, "content-length": s.size });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404, { "content-type": "text/plain" }).end(`no ${path}`),
    ).catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
