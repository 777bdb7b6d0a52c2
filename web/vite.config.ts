import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import type { Plugin } from 'vite';
import { serviceWorker, verifyPage } from './build/service-worker.ts';
import { staticHost } from './build/static-host.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Most first visits open a lesson: preload the reader's chunk with the shell, so its
 * download overlaps the shell's instead of costing one more round trip (400 ms on 2G/3G).
 */
function preloadReader(): Plugin {
  return {
    name: 'cascade:preload-reader',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {});
        const reader = chunks.find((c) => c.type === 'chunk' && c.name === 'lesson');
        if (!reader || reader.type !== 'chunk') return [];
        const entry = chunks.find((c) => c.type === 'chunk' && c.isEntry);
        const already = new Set(entry && entry.type === 'chunk' ? [entry.fileName, ...entry.imports] : []);
        return [reader.fileName, ...reader.imports]
          .filter((file) => !already.has(file))
          .map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [solid(), preloadReader(), serviceWorker(), verifyPage(), staticHost()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Older Android WebViews still in the field; costs well under 1 KB.
    target: 'es2020',
    // The polyfill is an inline script, which the Content-Security-Policy forbids.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs or <style>; every byte arrives as a cacheable file.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    rollupOptions: {
      // The service worker is a second entry, written unhashed at the root: its URL is its identity,
      // and its scope must cover the whole site.
      input: { index: `${root}index.html`, sw: `${root}src/sw.ts` },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        // A screen group's catalogue is named for its group (staff-fr-….js, account-ar-….js), not
        // only its language, so a look at the network tells which strings a screen fetched.
        chunkFileNames: (chunk) => {
          const set = /\/i18n\/(\w+)\/\w+\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
          return set ? `assets/${set}-[name]-[hash].js` : 'assets/[name]-[hash].js';
        },
      },
    },
  },
});
