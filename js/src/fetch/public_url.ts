/**
 * The URL form of the public read-only mode: `https://host/path/<namespace>/`
 * names a namespace on a static host, CDN or public bucket. The FetchStore's
 * base URL is the folder above the namespace.
 */
import { InvalidArgumentError } from "../errors.js";

const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function parsePublicUrl(text: string): { baseUrl: string; namespace: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError(`'${text}' is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidArgumentError(`'${text}' is not an http(s) URL`);
  }
  if (url.search || url.hash) {
    throw new InvalidArgumentError(`'${text}': a public namespace URL has no query or fragment (https://host/path/<namespace>/)`);
  }
  const segments = url.pathname.split("/").filter(Boolean);
  const namespace = segments.pop() ?? "";
  if (!NAMESPACE.test(namespace)) {
    throw new InvalidArgumentError(
      `'${text}' does not end in a namespace name ([a-z0-9][a-z0-9-]{0,62}): https://host/path/<namespace>/`,
    );
  }
  url.pathname = `/${segments.map((s) => `${s}/`).join("")}`;
  return { baseUrl: url.href, namespace };
}
