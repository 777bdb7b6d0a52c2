/**
 * A strict little XML parser for tests: it reads a document character by character and
 * throws, with the offset, on anything not well-formed (unclosed or crossed tags, a bare `&`
 * or `<` in text, an unknown entity, a repeated attribute, two roots, a DOCTYPE) and on an
 * unbound namespace prefix. Elements come back with their namespace URI resolved.
 * No XML parser ships in our dependencies, and the cartridge checks need a real one.
 */
export interface XmlElement {
  name: string;
  local: string;
  ns: string | null;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded, without its children's. */
  text: string;
}

const NAME_START = /[A-Za-z_\u00c0-\uffff]/;
const NAME_CHAR = /[A-Za-z0-9_.\-\u00b7\u00c0-\uffff]/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`Not well-formed XML at offset ${i} (${JSON.stringify(source.slice(Math.max(0, i - 20), i + 20))}): ${why}`);
  };
  const startsWith = (s: string) => source.startsWith(s, i);
  const expect = (s: string) => {
    if (!startsWith(s)) fail(`expected ${JSON.stringify(s)}`);
    i += s.length;
  };
  const skipSpace = () => {
    while (i < source.length && ' \t\r\n'.includes(source[i]!)) i++;
  };
  const name = () => {
    const start = i;
    // Prefixed names are split on their one colon later.
    if (!NAME_START.test(source[i] ?? '')) fail('expected a name');
    i++;
    while (i < source.length && (NAME_CHAR.test(source[i]!) || source[i] === ':')) i++;
    const n = source.slice(start, i);
    if (n.split(':').length > 2 || n.endsWith(':')) fail(`bad qualified name ${n}`);
    return n;
  };
  const decode = (raw: string, where: string) => {
    let out = '';
    for (let k = 0; k < raw.length; k++) {
      const ch = raw[k]!;
      if (ch === '<') fail(`"<" in ${where}`);
      if (ch !== '&') {
        out += ch;
        continue;
      }
      const end = raw.indexOf(';', k);
      if (end < 0) fail(`bare "&" in ${where}`);
      const ref = raw.slice(k + 1, end);
      if (ref.startsWith('#x')) {
        const code = Number.parseInt(ref.slice(2), 16);
        if (!/^[0-9a-fA-F]+$/.test(ref.slice(2)) || code === 0 || code > 0x10ffff) fail(`bad character reference &${ref};`);
        out += String.fromCodePoint(code);
      } else if (ref.startsWith('#')) {
        const code = Number(ref.slice(1));
        if (!/^[0-9]+$/.test(ref.slice(1)) || code === 0 || code > 0x10ffff) fail(`bad character reference &${ref};`);
        out += String.fromCodePoint(code);
      } else if (ref in PREDEFINED) {
        out += PREDEFINED[ref];
      } else {
        fail(`unknown entity &${ref};`);
      }
      k = end;
    }
    return out;
  };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (startsWith('<!--')) {
        const end = source.indexOf('-->', i);
        if (end < 0) fail('unclosed comment');
        if (source.slice(i + 4, end).includes('--')) fail('"--" inside a comment');
        i = end + 3;
      } else if (startsWith('<?')) {
        const end = source.indexOf('?>', i);
        if (end < 0) fail('unclosed processing instruction');
        i = end + 2;
      } else if (startsWith('<!DOCTYPE')) {
        fail('a DOCTYPE (entities could hide anything)');
      } else return;
    }
  };

  function element(scope: Map<string, string | null>): XmlElement {
    expect('<');
    const qname = name();
    const raw: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (startsWith('/>') || startsWith('>')) break;
      if (i === before) fail('attributes must be separated by white space');
      const attr = name();
      if (attr in raw) fail(`attribute ${attr} repeated`);
      skipSpace();
      expect('=');
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail('attribute value must be quoted');
      const end = source.indexOf(quote!, i + 1);
      if (end < 0) fail('unclosed attribute value');
      raw[attr] = decode(source.slice(i + 1, end), `attribute ${attr}`);
      i = end + 1;
    }
    const inner = new Map(scope);
    for (const [k, v] of Object.entries(raw)) {
      if (k === 'xmlns') inner.set('', v || null);
      else if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
    }
    const resolve = (qn: string, isAttr: boolean) => {
      const [prefix, local] = qn.includes(':') ? (qn.split(':') as [string, string]) : ['', qn];
      if (prefix === 'xml') return { ns: XML_NS, local };
      if (prefix === '') return { ns: isAttr ? null : (inner.get('') ?? null), local };
      if (!inner.has(prefix)) fail(`unbound namespace prefix "${prefix}" on ${qn}`);
      return { ns: inner.get(prefix)!, local };
    };
    for (const k of Object.keys(raw)) if (k !== 'xmlns' && !k.startsWith('xmlns:')) resolve(k, true);
    const { ns, local } = resolve(qname, false);
    const el: XmlElement = { name: qname, local, ns, attrs: raw, children: [], text: '' };
    if (startsWith('/>')) {
      i += 2;
      return el;
    }
    expect('>');
    for (;;) {
      const lt = source.indexOf('<', i);
      if (lt < 0) fail(`<${qname}> is never closed`);
      const chunk = source.slice(i, lt);
      if (chunk.includes(']]>')) fail('"]]>" in text');
      el.text += decode(chunk, `the text of <${qname}>`);
      i = lt;
      if (startsWith('</')) {
        i += 2;
        const closing = name();
        if (closing !== qname) fail(`</${closing}> closes <${qname}>`);
        skipSpace();
        expect('>');
        return el;
      }
      if (startsWith('<![CDATA[')) {
        const end = source.indexOf(']]>', i);
        if (end < 0) fail('unclosed CDATA section');
        el.text += source.slice(i + 9, end);
        i = end + 3;
      } else if (startsWith('<!--') || startsWith('<?')) {
        misc();
      } else {
        el.children.push(element(inner));
      }
    }
  }

  if (source.charCodeAt(0) === 0xfeff) i = 1;
  misc();
  if (!startsWith('<')) fail('no root element');
  const root = element(new Map());
  misc();
  if (i !== source.length) fail('content after the root element');
  return root;
}

/** Children (or, with a path, descendants along it) by local name. */
export function all(el: XmlElement, ...path: string[]): XmlElement[] {
  let level = [el];
  for (const step of path) level = level.flatMap((e) => e.children.filter((c) => c.local === step));
  return level;
}

export function one(el: XmlElement, ...path: string[]): XmlElement {
  const found = all(el, ...path);
  if (found.length !== 1) throw new Error(`expected one ${path.join('/')} under <${el.name}>, found ${found.length}`);
  return found[0]!;
}

/** Every element of the tree, depth first. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}
