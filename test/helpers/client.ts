import { expect } from 'vitest';

/** Anything that answers a Request: `app.request`, a workerd `fetch`, or a real server. */
export type Fetcher = (request: Request) => Promise<Response>;

export const ORIGIN = 'http://localhost';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A person using the API: keeps their session cookie between calls, like a browser,
 * and sends the same-origin `Origin` header a browser sends on writes.
 */
export class Person {
  cookie: string | undefined;

  constructor(
    private readonly fetcher: Fetcher,
    readonly origin = ORIGIN,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { origin: this.origin, ...headers } };
    const h = init.headers as Record<string, string>;
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await this.fetcher(new Request(`${this.origin}${path}`, init));
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: leave as text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** The same person on a second device: same session now, separate from then on. */
  clone(): Person {
    const twin = new Person(this.fetcher, this.origin);
    twin.cookie = this.cookie;
    return twin;
  }

  get = <T = any>(path: string) => this.call<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.call<T>('POST', path, body ?? {});
  patch = <T = any>(path: string, body?: unknown) => this.call<T>('PATCH', path, body);
  delete = <T = any>(path: string) => this.call<T>('DELETE', path);

  async login(username: string, password: string): Promise<this> {
    const res = await this.post('/api/auth/login', { username, password });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return this;
  }
}

/** Asserts the documented error shape and returns the body's error. */
export function expectError(res: Reply, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(res.body.error.message.length).toBeGreaterThan(10);
  return res.body.error as { code: string; message: string; requestId?: string; fields?: Record<string, string> };
}
