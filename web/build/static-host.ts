import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { SECURITY_HEADERS } from '../../worker/middleware/security-headers.ts';

const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest)$/;
/** Below this, a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 1024;

/** The `_headers` file Workers Static Assets apply: the API's hardening headers, and forever-caching for hashed files. */
function headersFile(): string {
  const site = Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`);
  const forever = '  Cache-Control: public, max-age=31536000, immutable';
  // Course files are named by their hash; content/index.json (not in a course folder) is not.
  return ['/*', ...site, '/assets/*', forever, '/content/:course/*', forever, ''].join('\n');
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Writes `.br` and `.gz` copies beside each text asset over 1 KB, for the Node server to send as they are. */
export function precompress(dir: string): void {
  for (const path of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(path) || statSync(path).size <= MIN_BYTES) continue;
    const data = readFileSync(path);
    writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
    );
  }
}

/** After the bundle is written: `_headers` for Workers Static Assets, precompressed copies for Node. */
export function staticHost(): Plugin {
  let outDir = '';
  return {
    name: 'cascade:static-host',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      precompress(outDir);
      writeFileSync(join(outDir, '_headers'), headersFile());
    },
  };
}
