import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../worker/cloudflare/env';

describe('the Workers environment (worker/cloudflare/env.ts)', () => {
  it('takes a Turso database by its libsql:// or https:// URL', () => {
    for (const url of ['libsql://cascade-org.turso.io', 'https://cascade-org.turso.io', 'http://127.0.0.1:8080']) {
      expect(parseEnv({ LIBSQL_URL: url, LIBSQL_AUTH_TOKEN: 't' }, 'turso').LIBSQL_URL).toBe(url);
    }
  });

  it('refuses a ws:// or wss:// URL and names the URL to use instead', () => {
    for (const url of ['ws://127.0.0.1:8080', 'wss://cascade-org.turso.io']) {
      expect(() => parseEnv({ LIBSQL_URL: url }, 'turso')).toThrow(ConfigError);
      expect(() => parseEnv({ LIBSQL_URL: url }, 'turso')).toThrow(/libsql:\/\/ or https:\/\/ URL.*HTTP only.*at LIBSQL_URL/s);
    }
  });

  it('refuses a URL that does not parse', () => {
    expect(() => parseEnv({ LIBSQL_URL: 'not a url' }, 'turso')).toThrow(/Invalid URL\n {2}→ at LIBSQL_URL/);
  });

  it('asks the D1 build for its binding', () => {
    expect(() => parseEnv({}, 'd1')).toThrow(/Bind a D1 database as DB/);
  });
});
