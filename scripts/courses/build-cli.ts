/**
 * `npm run build:courses`: checks every course, then writes the public content into
 * web/dist/content/ and the summative pools into dist/content-server/ (server only).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from '../../web/build/static-host';
import { buildCourses } from './build';
import { loadCourses } from './catalogue';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const PUBLIC_DIR = join(root, 'web/dist/content');
export const SERVER_DIR = join(root, 'dist/content-server');

function writeAll(dir: string, files: Map<string, Uint8Array>) {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

/** Checks and builds every course; throws with every problem if the content is not valid. */
export function buildContent(): string {
  const { courses, problems } = loadCourses(join(root, 'courses'));
  if (problems.length) {
    const list = problems.map((p) => `${p.file}: ${p.where}: ${p.message}`).join('\n');
    throw new Error(`${list}\n\nNot built: ${problems.length} problem(s) in the course content (npm run courses:check).`);
  }
  const out = buildCourses(courses);
  writeAll(PUBLIC_DIR, out.public);
  // The Node server sends these as they are: a 14 KB lesson travels as about 5 KB.
  precompress(PUBLIC_DIR);
  writeAll(SERVER_DIR, out.server);
  const bytes = [...out.public.values()].reduce((n, b) => n + b.length, 0);
  return `courses: ${courses.length} built, ${out.public.size} public files (${Math.round(bytes / 1024)} KB) in web/dist/content`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(buildContent());
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
