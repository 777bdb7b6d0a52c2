import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { serviceWorker } from './build/service-worker.ts';
import { staticHost } from './build/static-host.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [solid(), serviceWorker(), staticHost()],
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
      },
    },
  },
});
