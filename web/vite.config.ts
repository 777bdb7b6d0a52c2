import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { staticHost } from './build/static-host.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [solid(), staticHost()],
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
  },
});
