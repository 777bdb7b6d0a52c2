/**
 * The Workers entry for D1 (wrangler.toml binds it as DB): what `wrangler deploy` and `wrangler dev`
 * run. For Turso, worker/turso.ts is the entry (`wrangler deploy --env turso`); each build carries
 * only its own database's client. The web app is served by Workers Static Assets; only the paths
 * in wrangler.toml's run_worker_first reach this code.
 */
import { d1 } from './cloudflare/d1';
import { workersEntry } from './cloudflare/entry';

export default workersEntry('d1', d1);
