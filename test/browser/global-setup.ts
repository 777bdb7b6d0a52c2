import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { buildContent } from '../../scripts/courses/build-cli';

/** The browser tests run against the real build (web app and courses), served by the real Node server. */
export default async function buildWeb(): Promise<void> {
  await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
  buildContent();
}
