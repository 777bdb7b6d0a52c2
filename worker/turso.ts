/**
 * The Workers entry for Turso (libSQL over HTTP, from the LIBSQL_URL and LIBSQL_AUTH_TOKEN secrets):
 * `wrangler deploy --env turso` (wrangler.toml). worker/index.ts is the same for D1.
 */
import { workersEntry } from './cloudflare/entry';
import { turso } from './cloudflare/turso-db';

export default workersEntry('turso', turso);
