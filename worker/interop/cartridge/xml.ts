/**
 * A very small XML writer: elements are built as strings, and every text or attribute value
 * goes through `escape`, so course content can never become markup of its own.
 */

/** Markup already built by `el`; a plain string child is text and is escaped. */
export class Xml {
  constructor(readonly xml: string) {}
}

export type Child = Xml | string | number | null | undefined | false | readonly Child[];
export type Attrs = Record<string, string | number | null | undefined>;

// XML 1.0 forbids these characters even when escaped; course text never needs them.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
// Line breaks are written as character references, so laying elements out on lines never changes text.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;' };

export function escape(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"'\n\r]/g, (c) => ENTITIES[c]!);
}

function flatten(children: readonly Child[], out: Array<Xml | string> = []): Array<Xml | string> {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) flatten(c, out);
    else out.push(c instanceof Xml ? c : String(c));
  }
  return out;
}

/** `<name attrs>children</name>`; elements with element children are laid out one per line. */
export function el(name: string, attrs: Attrs | null, ...children: Child[]): Xml {
  const open =
    name +
    Object.entries(attrs ?? {})
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => ` ${k}="${escape(String(v))}"`)
      .join('');
  const parts = flatten(children);
  if (parts.length === 0) return new Xml(`<${open}/>`);
  if (parts.every((p) => typeof p === 'string')) return new Xml(`<${open}>${parts.map((p) => escape(p as string)).join('')}</${name}>`);
  const inner = parts.map((p) => (p instanceof Xml ? p.xml : escape(p)).replace(/\n/g, '\n  ')).join('\n  ');
  return new Xml(`<${open}>\n  ${inner}\n</${name}>`);
}

/** A whole document: the declaration, then the root element. */
export const xmlDocument = (root: Xml) => `<?xml version="1.0" encoding="UTF-8"?>\n${root.xml}\n`;
