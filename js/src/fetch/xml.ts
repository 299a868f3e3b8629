/**
 * Just enough XML for the object stores' list and error replies: flat
 * elements with text content, read by tag name. The replies are machine
 * written with no attributes we need, CDATA or comments, so a tag scan is
 * exact for them; a full XML parser would be the only dependency of the
 * browser bundle.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Replaces the five named entities and numeric character references. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[ref]!;
  });
}

/** The bodies of every `<tag>…</tag>` element in `xml` (raw, entities kept). */
export function xmlElements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const open = new RegExp(`<${tag}(\\s[^>]*)?>`, "g");
  const close = `</${tag}>`;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const start = m.index + m[0].length;
    const end = xml.indexOf(close, start);
    if (end < 0) break;
    out.push(xml.slice(start, end));
    open.lastIndex = end + close.length;
  }
  return out;
}

/** The decoded text of the first `<tag>` in `xml`, or undefined (also for `<tag/>`: ""). */
export function xmlText(xml: string, tag: string): string | undefined {
  const element = xmlElements(xml, tag)[0];
  if (element !== undefined) return decodeXmlText(element);
  return new RegExp(`<${tag}\\s*/>`).test(xml) ? "" : undefined;
}

/** Escapes text for an XML element body. */
export function encodeXmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}
