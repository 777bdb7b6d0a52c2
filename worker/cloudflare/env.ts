/**
 * The Workers environment, checked without zod: the entry reads it on every isolate's first
 * request, and zod alone takes longer to evaluate than the start-up budget (DESIGN.md: ≤ 50 ms).
 * The same rules as a zod schema would state, with messages in the shape `z.prettifyError` gives.
 */
export interface WorkerEnv {
  DB?: D1Database;
  LIBSQL_URL?: string;
  LIBSQL_AUTH_TOKEN?: string;
  ASSETS?: Fetcher;
  /** 32 random bytes, base64url: seals the issuers' signing keys. Without it, nothing is signed. */
  ISSUER_MASTER_KEY?: string;
  /** Comma-separated extra origins allowed to send state-changing requests. */
  TRUSTED_ORIGINS?: string;
  PROGRAMME_NAME?: string;
  /** Local development only: seed the demo academy into an empty database. */
  DEMO_SEED: 'true' | 'false';
}

/** Which database a build talks to: each is a bundle of its own (scripts/build-worker.ts). */
export type DatabaseKind = 'd1' | 'turso';

/** The configuration cannot work; the message says what to fix. */
export class ConfigError extends Error {}

const isObject = (v: unknown) => typeof v === 'object' && v !== null;

function protocolOf(v: string) {
  try {
    return new URL(v).protocol;
  } catch {
    return undefined;
  }
}

/** The Turso build carries libSQL's HTTP client only (its WebSocket client is 4 KB gzip more): scripts/build-worker.ts. */
const HTTP_PROTOCOLS = ['libsql:', 'https:', 'http:'];
function libsqlUrl(s: string) {
  const protocol = protocolOf(s);
  if (protocol === undefined) return 'Invalid URL';
  if (!HTTP_PROTOCOLS.includes(protocol)) return `Use the database’s libsql:// or https:// URL: this build talks to libSQL over HTTP only, not ${protocol}//`;
  return undefined;
}

type Rule = (v: unknown) => string | undefined;
const str = (check?: (s: string) => string | undefined): Rule => (v) =>
  typeof v !== 'string' ? `Invalid input: expected string, received ${v === null ? 'null' : typeof v}` : check?.(v);
const RULES: Record<Exclude<keyof WorkerEnv, 'DEMO_SEED'>, Rule> = {
  DB: (v) => (isObject(v) ? undefined : 'Invalid input'),
  LIBSQL_URL: str(libsqlUrl),
  LIBSQL_AUTH_TOKEN: str((s) => (s.length >= 1 ? undefined : 'Too small: expected string to have >=1 characters')),
  ASSETS: (v) => (isObject(v) ? undefined : 'Invalid input'),
  ISSUER_MASTER_KEY: str((s) => (s.length >= 43 ? undefined : 'Too small: expected string to have >=43 characters')),
  TRUSTED_ORIGINS: str(),
  PROGRAMME_NAME: str((s) => (s.trim().length < 1 ? 'Too small: expected string to have >=1 characters' : s.trim().length > 200 ? 'Too big: expected string to have <=200 characters' : undefined)),
};

/** The bindings and secrets as Cascade uses them, or a ConfigError listing every problem. */
export function parseEnv(raw: Record<string, unknown>, kind: DatabaseKind): WorkerEnv {
  const problems: string[] = [];
  const env: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(RULES)) {
    const value = raw[name];
    if (value === undefined) continue;
    const problem = rule(value);
    if (problem) problems.push(`✖ ${problem}\n  → at ${name}`);
    else env[name] = name === 'PROGRAMME_NAME' ? (value as string).trim() : value;
  }
  const seed = raw.DEMO_SEED ?? 'false';
  if (seed !== 'true' && seed !== 'false') problems.push('✖ Invalid option: expected one of "true"|"false"\n  → at DEMO_SEED');
  env.DEMO_SEED = seed;
  // Set secrets once meant Turso whatever else was bound: refuse rather than quietly use another database.
  if (kind === 'd1' && raw.LIBSQL_URL !== undefined) problems.push('✖ LIBSQL_URL is set, but this is the D1 build: deploy the Turso build instead (wrangler deploy --env turso).');
  else if (kind === 'd1' && raw.DB === undefined) {
    problems.push('✖ Bind a D1 database as DB (wrangler.toml [[d1_databases]]), or deploy the Turso build with the LIBSQL_URL (and LIBSQL_AUTH_TOKEN) secrets: wrangler deploy --env turso.');
  }
  if (kind === 'turso' && raw.LIBSQL_URL === undefined) problems.push('✖ Set the LIBSQL_URL (and LIBSQL_AUTH_TOKEN) secrets, or deploy the D1 build (wrangler deploy) with a D1 database bound as DB.');
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return env as unknown as WorkerEnv;
}
