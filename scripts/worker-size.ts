import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
/** The entry module and all modules together, minified and gzipped each (as uploaded). */
export function workerSize(dir: string) {
  const files = ['index.js', ...readdirSync(`${dir}/chunks`).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`)];
  const sizes = files.map((f) => {
    const bytes = readFileSync(`${dir}/${f}`);
    return { file: f, kb: bytes.length / 1024, gzipKB: gzipSync(bytes).length / 1024 };
  });
  const entry = sizes[0]!;
  const total = { kb: sizes.reduce((n, s) => n + s.kb, 0), gzipKB: sizes.reduce((n, s) => n + s.gzipKB, 0) };
  // What the same code gzips to as one file: the figure the single-file bundle used to give.
  const asOneKB = gzipSync(Buffer.concat(files.map((f) => readFileSync(`${dir}/${f}`)))).length / 1024;
  const summary = `worker: ${files.length} modules, ${total.kb.toFixed(0)} KB, ${total.gzipKB.toFixed(1)} KB gzip module by module (${asOneKB.toFixed(1)} KB as one file); the entry (parsed at start-up) ${entry.kb.toFixed(0)} KB, ${entry.gzipKB.toFixed(1)} KB gzip`;
  return { entry, total, asOneKB, modules: files.length, summary };
}
