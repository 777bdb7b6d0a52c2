/**
 * Property-based input testing: requests generated from the API's own OpenAPI document.
 *
 * - `RequestGen` turns an operation (path and query parameters, request body) into a
 *   fast-check arbitrary of raw requests: valid ones, boundary values, malformed bodies,
 *   odd Unicode, injection payloads, huge strings and wrong content types.
 * - `WriteWatch` tells whether a request changed any stored row, so a refused request can be
 *   shown to have changed nothing.
 *
 * A schema keyword or format the generator does not know is an error, not a silent skip:
 * a route whose input cannot be generated must fail its test, not pass untested.
 */
import { createHash } from 'node:crypto';
import type { Client, InValue } from '@libsql/client';
import fc from 'fast-check';

export type Schema = { [keyword: string]: any };
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Known good values by field or parameter name: real ids of this world and of another tenant. */
export type Pools = Record<string, readonly string[]>;

/** One generated request, before the person and origin are added. */
export interface FuzzRequest {
  /** Path with its parameters filled in and percent-encoded, and the query string. */
  url: string;
  contentType?: string;
  body?: string | Uint8Array;
  /** What kind of body this is, for the failure message. */
  kind: string;
}

/** The marker in the script payload: a page that echoes it unescaped can run it. */
export const SCRIPT_MARKER = '<script>alert("cascade-fuzz")</script>';

/** Text that has broken parsers, databases and pages before. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\r\n',
  '\u0000',
  'a\u0000b',
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'x\uD83D',
  '\u202E\u0644\u0627', // right-to-left override, Arabic
  '\u200F\u200E',
  '\u200D\u200B\u2060',
  '\uFEFF',
  '\u2028\u2029',
  '👩🏽‍⚖️🏳️‍🌈',
  'e\u0301\u0301\u0301',
  'Z̴̡̛͔a̵̝͊l̷̰̈g̸̱̈́o̶̢͐',
  'العدالة الجنائية',
  'правосудие',
  '司法',
  'İıſß',
  "' OR 1=1 --",
  '"); DROP TABLE users; --',
  "'; DELETE FROM sessions WHERE '1'='1",
  '1; SELECT * FROM users',
  SCRIPT_MARKER,
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e999',
  '9007199254740993',
  '\\',
  '"',
  '`',
  'a'.repeat(10_000),
  '𝕏'.repeat(1_000),
];

/** Values of the wrong type for almost any field. */
const WRONG_TYPES: readonly unknown[] = [null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, '', 'x', [], {}, [null], { a: 1 }, [[[[[]]]]]];

/** Just over the JSON body limit (64 KB), and a 1 MB string. */
const OVER_LIMIT = 'x'.repeat(70 * 1024);
const ONE_MB = 'y'.repeat(1024 * 1024);

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const isoDay = fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const KNOWN_KEYWORDS = new Set([
  'type', 'enum', 'const', 'anyOf', 'oneOf', 'properties', 'required', 'additionalProperties', 'items',
  'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', '$ref', 'default', 'description', 'example', 'examples', 'title',
]);
const KNOWN_FORMATS = new Set(['uuid', 'email', 'date-time', 'date', 'binary']);

const json = (v: unknown) => JSON.stringify(v) ?? 'null';
/** Percent-encodes a path segment or query value; a lone surrogate cannot be, so it is sent as invalid UTF-8. */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`;
  }
}

/** Path segments already encoded, malformed the way a hand-typed or hostile URL is. */
const RAW_SEGMENTS: readonly string[] = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF%FE', '%2e%2e', 'a%2Fb', '%00', '%20', '..', '.', '%ED%A0%80', 'x'.repeat(5_000)];

export class RequestGen {
  constructor(
    private readonly doc: OpenApiDoc,
    private readonly pools: Pools,
  ) {}

  /** Every arbitrary an operation needs, built now so an unknown keyword fails before any request. */
  forOperation(method: string, template: string, op: Operation): fc.Arbitrary<FuzzRequest> {
    const params = op.parameters ?? [];
    for (const p of params) if (p.in !== 'path' && p.in !== 'query') throw new Error(`cannot fuzz ${p.in} parameter ${p.name}`);
    const pathNames = [...template.matchAll(/\{(\w+)\}|:(\w+)/g)].map((m) => (m[1] ?? m[2])!);
    const pathArbs = pathNames.map((name) => {
      const p = params.find((q) => q.in === 'path' && q.name === name);
      if (!p) throw new Error(`path parameter ${name} of ${method} ${template} is not documented`);
      return this.pathSegment(p);
    });
    const queryArb = this.query(params.filter((p) => p.in === 'query'));
    const bodyArb = this.body(method, op);
    return fc.tuple(fc.tuple(...pathArbs), queryArb, bodyArb).map(([segments, query, body]) => {
      let i = 0;
      const path = template.replace(/\{(\w+)\}|:(\w+)/g, () => segments[i++]!);
      return { url: `${path}${query}`, ...body };
    });
  }

  private resolve(schema: Schema): Schema {
    if (schema.$ref === undefined) return schema;
    const ref = String(schema.$ref);
    const name = ref.replace('#/components/schemas/', '');
    const target = this.doc.components?.schemas?.[name];
    if (!ref.startsWith('#/components/schemas/') || !target) throw new Error(`the OpenAPI document refers to ${ref}, which it does not define`);
    return this.resolve(target);
  }

  private check(schema: Schema) {
    for (const k of Object.keys(schema)) if (!KNOWN_KEYWORDS.has(k)) throw new Error(`cannot fuzz schema keyword ${k}: ${json(schema)}`);
    if (schema.format !== undefined && !KNOWN_FORMATS.has(schema.format)) throw new Error(`cannot fuzz format ${schema.format}`);
  }

  /** Values the schema accepts; a field with a pool of real values draws from it most of the time. */
  valid(raw: Schema, name?: string): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    this.check(schema);
    const fromSchema = this.validBySchema(schema, name);
    const pool = name !== undefined ? this.pools[name] : undefined;
    if (pool?.length && [schema.type].flat().includes('string')) {
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fromSchema });
    }
    return fromSchema;
  }

  private validBySchema(schema: Schema, name?: string): fc.Arbitrary<unknown> {
    if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Schema) => this.valid(s)));
    if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((t: string) => this.valid({ ...schema, type: t })));
    const type = schema.type ?? (schema.properties || schema.additionalProperties ? 'object' : undefined);
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer': {
        const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : (schema.minimum ?? -1_000_000);
        const max = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : (schema.maximum ?? 1_000_000);
        return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
      }
      case 'number': {
        const min = schema.minimum ?? -1e9;
        const max = schema.maximum ?? 1e9;
        return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.constantFrom(min, max));
      }
      case 'string':
        return this.validString(schema);
      case 'array': {
        const minLength = schema.minItems ?? 0;
        const maxItems = schema.maxItems ?? 20;
        // Items draw from the pool named after the array: `mentorIds[]` holds real mentor ids.
        const items = this.valid(schema.items ?? {}, name === undefined ? undefined : `${name}[]`);
        return fc.oneof(
          { weight: 5, arbitrary: fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(maxItems, 4)) }) },
          // At the limit: the most a client may send.
          { weight: 1, arbitrary: fc.array(items, { minLength: maxItems, maxLength: maxItems }) },
        );
      }
      case 'object': {
        const props: Record<string, Schema> = schema.properties ?? {};
        const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, this.valid(s, k)]));
        const record = fc.record(model, { requiredKeys: schema.required ?? [] });
        if (!schema.additionalProperties || schema.additionalProperties === true) return record;
        const extra = fc.dictionary(fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/), this.valid(schema.additionalProperties), { maxKeys: 4 });
        return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
      }
      case undefined:
        return fc.jsonValue({ maxDepth: 2 });
      default:
        throw new Error(`cannot fuzz type ${type}`);
    }
  }

  private validString(schema: Schema): fc.Arbitrary<string> {
    const min: number = schema.minLength ?? 0;
    const max: number = schema.maxLength ?? 200;
    const fits = (s: string) => s.length >= min && s.length <= max;
    const base: fc.Arbitrary<string> =
      schema.format === 'uuid'
        ? fc.uuid()
        : schema.format === 'email'
          ? fc.emailAddress()
          : schema.format === 'date-time'
            ? fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
            : schema.format === 'date'
              ? isoDay
              : schema.pattern === DATE_PATTERN
                ? // Mostly real days; sometimes only the pattern's shape (2024-13-45), which must be refused, not stored.
                  fc.oneof({ weight: 4, arbitrary: isoDay }, { weight: 1, arbitrary: fc.stringMatching(new RegExp(schema.pattern)) })
                : schema.pattern !== undefined
                ? fc.stringMatching(new RegExp(schema.pattern))
                : fc.oneof(
                    { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 60), unit: 'grapheme' }) },
                    // Odd text of a valid length: whatever is accepted must be stored without a failure.
                    { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS).map((s) => (s.length < min ? s.padEnd(min, '.') : s.slice(0, max))) },
                    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(min), 'x'.repeat(max), 'é'.repeat(max)) },
                  );
    return base.filter(fits);
  }

  /** Like `valid`, but any value in the tree may be wrong: a bad type, a boundary, a missing or extra field. */
  wild(raw: Schema, name?: string): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    return fc.oneof({ weight: 4, arbitrary: this.wildInside(schema, name) }, { weight: 1, arbitrary: this.bad(schema) });
  }

  private wildInside(schema: Schema, name?: string): fc.Arbitrary<unknown> {
    const type = schema.type ?? (schema.properties || schema.additionalProperties ? 'object' : undefined);
    if (type === 'object' && !schema.anyOf && !schema.oneOf) {
      const props: Record<string, Schema> = schema.properties ?? {};
      const keys = Object.keys(props);
      const model = Object.fromEntries(keys.map((k) => [k, this.wild(props[k]!, k)]));
      return fc
        .tuple(
          fc.record(model, { requiredKeys: [] }),
          fc.dictionary(fc.constantFrom('extra', '__proto__', 'constructor', 'prototype', 'id', 'role', 'programmeAdmin', 'userId', ...NASTY_STRINGS.slice(0, 24)), fc.constantFrom(...WRONG_TYPES, 'admin'), { maxKeys: 2 }),
          fc.boolean(),
        )
        .map(([r, extra, withExtra]) => (withExtra ? { ...r, ...extra } : r));
    }
    if (type === 'array') {
      const items = this.wild(schema.items ?? {});
      const over = (schema.maxItems ?? 100) + 1;
      return fc.oneof({ weight: 4, arbitrary: fc.array(items, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(this.valid(schema.items ?? {}), { minLength: over, maxLength: over }) });
    }
    return this.valid(schema, name);
  }

  /** Values the schema refuses, or sits right on the edge of. */
  bad(raw: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const out: unknown[] = [...WRONG_TYPES, ...NASTY_STRINGS];
    if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push('x'.repeat(schema.minLength - 1));
    if (typeof schema.maxLength === 'number') out.push('x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1), '𝕏'.repeat(schema.maxLength));
    for (const bound of [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum]) {
      if (typeof bound === 'number') out.push(bound - 1, bound, bound + 1, bound + 0.5, String(bound));
    }
    if (Array.isArray(schema.enum)) for (const v of schema.enum) if (typeof v === 'string') out.push(v.toUpperCase(), ` ${v}`, `${v}\u0000`, [v]);
    if (schema.format === 'uuid') {
      out.push('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF', '123e4567e89b12d3a456426614174000', '123e4567-e89b-12d3-a456-4266141740001');
    }
    if (typeof schema.maxItems === 'number') out.push(Array.from({ length: schema.maxItems + 1 }, () => 'x'));
    return fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...out) }, { weight: 1, arbitrary: fc.constantFrom(OVER_LIMIT, ONE_MB) });
  }

  private pathSegment(p: Parameter): fc.Arbitrary<string> {
    const pool = this.pools[p.name] ?? [];
    return fc.oneof(
      { weight: pool.length ? 6 : 0, arbitrary: pool.length ? fc.constantFrom(...pool).map(encode) : fc.constant('') },
      { weight: 3, arbitrary: this.validBySchema(this.resolve(p.schema)).map((v) => encode(String(v))) },
      { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== '')).map(encode) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    );
  }

  private query(params: Parameter[]): fc.Arbitrary<string> {
    const one = (p: Parameter) =>
      fc.oneof(
        { weight: p.required ? 0 : 2, arbitrary: fc.constant([] as string[]) },
        { weight: 4, arbitrary: this.valid(p.schema, p.name).map((v) => [`${encode(p.name)}=${encode(String(v))}`]) },
        { weight: 2, arbitrary: this.bad(p.schema).filter((v) => typeof v !== 'string' || v.length < 100_000).map((v) => [`${encode(p.name)}=${encode(typeof v === 'string' ? v : json(v))}`]) },
        // The same parameter twice, as a form with two fields of one name sends it.
        { weight: 1, arbitrary: fc.tuple(this.valid(p.schema, p.name), this.valid(p.schema, p.name)).map(([a, b]) => [`${p.name}=${encode(String(a))}`, `${p.name}=${encode(String(b))}`]) },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((s) => [`${encode(p.name)}=${s}`]) },
      );
    const extra = fc.oneof({ weight: 5, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS).map((s) => [`${encode(s)}=${encode(s)}`]) });
    return fc.tuple(fc.tuple(...params.map(one)), extra).map(([parts, more]) => {
      const all = [...parts.flat(), ...more];
      return all.length ? `?${all.join('&')}` : '';
    });
  }

  private body(method: string, op: Operation): fc.Arbitrary<Omit<FuzzRequest, 'url'>> {
    const content = op.requestBody?.content ?? {};
    const types = Object.keys(content);
    if (method === 'GET' || method === 'HEAD') {
      if (types.length) throw new Error(`cannot send a body with ${method}`);
      return fc.constant({ kind: 'none' });
    }
    const junk = fc.oneof(
      fc.constant({ kind: 'none' }),
      fc.constantFrom(...WRONG_TYPES, ...NASTY_STRINGS.slice(0, 10)).map((v) => ({ kind: 'junk json', contentType: 'application/json', body: json(v) })),
      this.rawText(),
    );
    if (types.length === 0) return fc.oneof({ weight: 5, arbitrary: fc.constant({ kind: 'none' }) }, { weight: 2, arbitrary: junk });
    if (types.length > 1) throw new Error(`cannot fuzz a body with several content types: ${types.join(', ')}`);
    const [type] = types as [string];
    if (type === 'text/csv') return this.csv();
    if (type === 'application/x-www-form-urlencoded') return this.form(content[type]!.schema);
    if (type !== 'application/json') throw new Error(`cannot fuzz a ${type} body`);
    const schema = content[type]!.schema;
    const valid = this.valid(schema);
    const asJson = (kind: string) => (v: unknown) => ({ kind, contentType: 'application/json', body: json(v) });
    return fc.oneof(
      { weight: 5, arbitrary: valid.map(asJson('valid')) },
      { weight: 6, arbitrary: this.wild(schema).map(asJson('wild')) },
      { weight: 1, arbitrary: valid.map((v) => [v]).map(asJson('array for object')) },
      { weight: 1, arbitrary: junk },
      {
        weight: 1,
        arbitrary: fc.tuple(valid, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'application/jsonx', '')).map(([v, ct]) => ({
          kind: 'wrong content type',
          ...(ct ? { contentType: ct } : {}),
          body: json(v),
        })),
      },
      {
        weight: 1,
        arbitrary: valid.map((v) => ({
          kind: 'prototype keys',
          contentType: 'application/json',
          // Written by hand: JSON.stringify drops a __proto__ key, and a duplicate key cannot be made from an object.
          body: typeof v === 'object' && v !== null && !Array.isArray(v) ? `{"__proto__":{"programmeAdmin":true},"constructor":{"prototype":{"x":1}},${json(v).slice(1)}` : json(v),
        })),
      },
      { weight: 1, arbitrary: fc.constant({ kind: '1 MB body', contentType: 'application/json', body: json({ x: ONE_MB }) }) },
    );
  }

  private rawText(): fc.Arbitrary<Omit<FuzzRequest, 'url'>> {
    const texts = ['', '{', '{"a":', '{"a":1}}', "{'a':1}", 'undefined', 'NaN', '[1,]', '{"a":1e999}', '\u0000', '{"a":"\\ud800"}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '{"a":1} trailing'];
    return fc.oneof(
      fc.constantFrom(...texts).map((body) => ({ kind: 'not JSON', contentType: 'application/json', body })),
      fc.constant({ kind: 'invalid UTF-8', contentType: 'application/json', body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]) }),
    );
  }

  private form(schema: Schema): fc.Arbitrary<Omit<FuzzRequest, 'url'>> {
    const fields = fc.oneof(this.valid(schema), this.wild(schema));
    return fc.oneof(
      {
        weight: 5,
        arbitrary: fields.map((v) => {
          const entries: Array<[string, unknown]> = typeof v === 'object' && v !== null ? Object.entries(v) : [['value', v]];
          return {
            kind: 'form',
            contentType: 'application/x-www-form-urlencoded',
            body: entries.map(([k, x]) => `${encode(k)}=${encode(typeof x === 'string' ? x : json(x))}`).join('&'),
          };
        }),
      },
      { weight: 1, arbitrary: this.rawText() },
      { weight: 1, arbitrary: fc.constant({ kind: '1 MB form', contentType: 'application/x-www-form-urlencoded', body: `id=${ONE_MB}` }) },
    );
  }

  /** Roster files: spreadsheets' delimiters, quotes, encodings and byte-order marks, with odd cells. */
  private csv(): fc.Arbitrary<Omit<FuzzRequest, 'url'>> {
    const usernames = this.pools.username ?? [];
    const cell = fc.oneof(
      { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{2,20}$/) },
      { weight: 1, arbitrary: fc.constantFrom(...usernames, 'x') },
      { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 2000)) },
      { weight: 1, arbitrary: fc.constantFrom('police', 'yes', 'non', 'NP', 'fr', 'ar', 'woman', 'Bagmati') },
    );
    const header = fc.shuffledSubarray(['username', 'display_name', 'gender', 'sector', 'region', 'in_capital', 'country', 'locale', 'identifiant', 'الاسم', 'Nombre', 'bogus', ''], { minLength: 1 });
    const quote = (s: string) => (/[",;\t\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const sheet = fc.tuple(header, fc.array(fc.array(cell, { minLength: 1, maxLength: 9 }), { maxLength: 8 }), fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n', '\r'));
    const text = sheet.map(([h, rows, sep, eol]) => [h, ...rows].map((r) => r.map(quote).join(sep)).join(eol));
    const encodeAs = fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom', 'latin1');
    const bytes = fc.tuple(text, encodeAs).map(([t, enc]) => ({ kind: `csv ${enc}`, contentType: 'text/csv', body: encodeText(t, enc) }));
    return fc.oneof(
      { weight: 6, arbitrary: bytes },
      { weight: 1, arbitrary: fc.constantFrom('', '"', '"unclosed\n', 'username\n', '\uFEFF', ',,,,\n;;;;').map((body) => ({ kind: 'odd csv', contentType: 'text/csv', body })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'invalid UTF-8 csv', contentType: 'text/csv', body: new Uint8Array([0x75, 0x0a, 0xff, 0xfe, 0xfd, 0x80, 0x0a, 0xc3]) }) },
      { weight: 1, arbitrary: text.map((body) => ({ kind: 'csv as JSON', contentType: 'application/json', body })) },
      { weight: 1, arbitrary: fc.constant({ kind: '3 MB csv', contentType: 'text/csv', body: `username,display_name\n${'abc,Abc\n'.repeat(400_000)}` }) },
      // More rows than an import takes, under the size limit.
      { weight: 1, arbitrary: fc.constant({ kind: '10,001 rows', contentType: 'text/csv', body: `username,display_name\n${Array.from({ length: 10_001 }, (_, i) => `u${i},U`).join('\n')}` }) },
    );
  }
}

function encodeText(text: string, encoding: string): Uint8Array {
  const utf8 = new TextEncoder().encode(text);
  const utf16 = (bigEndian: boolean) => {
    const out = new Uint8Array(2 + text.length * 2);
    out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      out[2 + i * 2] = bigEndian ? unit >> 8 : unit & 0xff;
      out[3 + i * 2] = bigEndian ? unit & 0xff : unit >> 8;
    }
    return out;
  };
  switch (encoding) {
    case 'utf-8-bom':
      return new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    case 'utf-16le-bom':
      return utf16(false);
    case 'utf-16be-bom':
      return utf16(true);
    case 'latin1':
      return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
    default:
      return utf8;
  }
}

/** What D1 binds at most in one statement; libSQL takes thousands, so the Node entry alone never fails on it. */
export const D1_MAX_PARAMETERS = 100;

type Stmt = string | { sql: string; args?: unknown } | [string, unknown?];

/**
 * The same libSQL client, refusing any statement that binds more parameters than D1 does,
 * so fuzzing the Node entry also finds the requests that would fail on Workers.
 */
export function withD1ParameterLimit(client: Client): Client {
  const check = (stmt: Stmt) => {
    const [sql, args] = typeof stmt === 'string' ? [stmt, undefined] : Array.isArray(stmt) ? stmt : [stmt.sql, stmt.args];
    const n = Array.isArray(args) ? args.length : args && typeof args === 'object' ? Object.keys(args).length : 0;
    if (n > D1_MAX_PARAMETERS) throw new Error(`D1 binds at most ${D1_MAX_PARAMETERS} parameters a statement; this one binds ${n}: ${sql.slice(0, 300)}`);
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'execute') {
        return (stmt: Stmt, args?: unknown) => {
          check(typeof stmt === 'string' ? { sql: stmt, args } : stmt);
          return (target.execute as (s: unknown, a?: unknown) => unknown)(stmt, args);
        };
      }
      if (prop === 'batch') {
        return (stmts: Stmt[], mode?: unknown) => {
          stmts.forEach(check);
          return (target.batch as (s: unknown, m?: unknown) => unknown)(stmts, mode);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Tables, or some columns of them, that a request may change even when it is refused. */
export type Exemptions = Readonly<Record<string, 'all' | readonly string[]>>;

/**
 * Tells which tables a request changed. Triggers count every insert, update and delete per
 * table (a rolled-back batch rolls its counts back too); a table whose count moved is then
 * compared row by row against its last hash, so only a real change in stored rows counts.
 */
export class WriteWatch {
  private counts = new Map<string, number>();
  private hashes = new Map<string, string>();

  private constructor(
    private readonly client: Client,
    private readonly exempt: Exemptions,
  ) {}

  /** Adds the counting table and triggers to a database; run once on the template. */
  static async install(client: Client): Promise<void> {
    const tables = await userTables(client);
    const statements: Array<{ sql: string; args?: InValue[] }> = [{ sql: 'CREATE TABLE fuzz_writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL)' }];
    for (const t of tables) {
      statements.push({ sql: 'INSERT INTO fuzz_writes (tbl, n) VALUES (?, 0)', args: [t] });
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        statements.push({
          sql: `CREATE TRIGGER "fuzz_${event.toLowerCase()}_${t}" AFTER ${event} ON "${t}" BEGIN UPDATE fuzz_writes SET n = n + 1 WHERE tbl = '${t}'; END`,
        });
      }
    }
    await client.batch(statements, 'write');
  }

  static async open(client: Client, exempt: Exemptions): Promise<WriteWatch> {
    const watch = new WriteWatch(client, exempt);
    watch.counts = await watch.readCounts();
    for (const t of watch.counts.keys()) watch.hashes.set(t, await watch.hash(t));
    return watch;
  }

  /** Tables whose rows differ from the last call (exempt ones aside); the new state becomes the baseline. */
  async changes(): Promise<string[]> {
    const now = await this.readCounts();
    const changed: string[] = [];
    for (const [t, n] of now) {
      if (n === this.counts.get(t)) continue;
      this.counts.set(t, n);
      if (this.exempt[t] === 'all') continue;
      const h = await this.hash(t);
      if (h !== this.hashes.get(t)) changed.push(t);
      this.hashes.set(t, h);
    }
    return changed;
  }

  private async readCounts(): Promise<Map<string, number>> {
    const rs = await this.client.execute('SELECT tbl, n FROM fuzz_writes');
    return new Map(rs.rows.map((r) => [String(r.tbl), Number(r.n)]));
  }

  private async hash(table: string): Promise<string> {
    const rs = await this.client.execute(`SELECT * FROM "${table}"`);
    const skip = this.exempt[table] ?? [];
    const kept = rs.columns.flatMap((c, i) => (skip.includes(c) ? [] : [i]));
    const rows = rs.rows.map((r) =>
      JSON.stringify(
        kept.map((i) => {
          const v = r[i];
          return v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? v.toString() : v;
        }),
      ),
    );
    return createHash('sha256').update(rows.sort().join('\n')).digest('hex');
  }
}

async function userTables(client: Client): Promise<string[]> {
  const rs = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name");
  return rs.rows.map((r) => String(r.name));
}
