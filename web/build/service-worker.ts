import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import type { Plugin } from 'vite';
import * as caches from '../src/offline/cache-names.ts';

const PLACEHOLDER = /(["'`])__CASCADE_BUILD__\1/g;
/**
 * Chunks no learner needs to study: the certificate PDF maker (pdf-lib, some 180 KB gzip) loads
 * when someone asks for a PDF, and markdown-it (some 46 KB) when a Markdown post is shown; neither
 * is precached onto every phone. Offline, a Markdown post not yet rendered shows its source text.
 */
const ON_REQUEST_ONLY = /\/web\/src\/certificates\/|\/node_modules\/(pdf-lib|@pdf-lib|pako|qrcode-generator|markdown-it|linkify-it|mdurl|uc\.micro|entities|punycode\.js)\//;

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
      const assets = Object.entries(bundle)
        .filter(([name, item]) => name.startsWith('assets/') && !(item.type === 'chunk' && item.moduleIds.some((id) => ON_REQUEST_ONLY.test(id))))
        .map(([name]) => `/${name}`);
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

const VERIFY_PLACEHOLDER = /(["'`])__VERIFY_BUILD__\1/g;

async function bundleOne(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', target: 'es2020', write: false, legalComments: 'none' });
  return out.outputFiles[0]!.text;
}

/**
 * The /verify page's script and its own service worker, bundled apart from the app (esbuild,
 * one file each, sharing no chunk with anything): a verifier's phone keeps exactly these two
 * files and the page. The worker's version is a hash of what it keeps, so a new script reinstalls it.
 */
export function verifyPage(): Plugin {
  let root = '';
  let publicDir = '';
  return {
    name: 'cascade:verify-page',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      publicDir = config.publicDir;
    },
    async generateBundle() {
      const script = await bundleOne(`${root}/src/verify/verify.ts`);
      const worker = await bundleOne(`${root}/src/verify/sw.ts`);
      const files = ['/verify', '/verify.js', '/verify.css'];
      const version = createHash('sha256').update(script).update(readFileSync(`${publicDir}/verify.css`)).digest('hex').slice(0, 12);
      const code = worker.replace(VERIFY_PLACEHOLDER, JSON.stringify({ version, files }));
      if (code === worker) this.error('The placeholder was not found in verify-sw.js.');
      this.emitFile({ type: 'asset', fileName: 'verify.js', source: script });
      this.emitFile({ type: 'asset', fileName: 'verify-sw.js', source: code });
    },
  };
}
