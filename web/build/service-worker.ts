import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { Plugin } from 'vite';
import * as caches from '../src/offline/cache-names.ts';

const PLACEHOLDER = /(["'`])__CASCADE_BUILD__\1/g;

/**
 * Writes the precache list into /sw.js once the bundle is known: the shell ('/'), every
 * hashed asset and the public files (icons, manifest), and the Cache Storage names the page uses. Its version is a hash of the list and
 * of index.html, so any change to the shell changes sw.js and the browser installs it.
 */
export function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'cascade:service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js'];
      if (sw?.type !== 'chunk') return this.error('No sw.js in the bundle: is src/sw.ts an input?');
      // A classic service worker cannot import; a shared chunk would also tie it to one build of the app.
      if (sw.imports.length || sw.dynamicImports.length) this.error(`sw.js imports ${sw.imports.join(', ')}; keep it self-contained.`);
      const html = bundle['index.html'];
      if (html?.type !== 'asset') return this.error('No index.html in the bundle yet.');
      const assets = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/'))
        .map((name) => `/${name}`);
      const publicFiles = readdirSync(publicDir, { withFileTypes: true })
        // Dotfiles such as .assetsignore are instructions to the host, not files the site serves.
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => `/${entry.name}`);
      const files = ['/', ...assets.sort(), ...publicFiles.sort()];
      const version = createHash('sha256').update(files.join('\n')).update(html.source).digest('hex').slice(0, 12);
      const code = sw.code.replace(PLACEHOLDER, JSON.stringify({ version, files, caches: { ...caches } }));
      if (code === sw.code) this.error('The precache placeholder was not found in sw.js.');
      sw.code = code;
    },
  };
}
