/**
 * `npm run build:courses`: checks every course, then writes the public content into
 * web/dist/content/ and the summative pools into dist/content-server/ (server only).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const { courses, problems } = loadCourses(join(root, 'courses'));
if (problems.length) {
  for (const p of problems) console.error(`${p.file}: ${p.where}: ${p.message}`);
  console.error(`\nNot built: ${problems.length} problem(s) in the course content (npm run courses:check).`);
  process.exit(1);
}
const out = buildCourses(courses);
writeAll(PUBLIC_DIR, out.public);
writeAll(SERVER_DIR, out.server);
const bytes = [...out.public.values()].reduce((n, b) => n + b.length, 0);
console.log(`courses: ${courses.length} built, ${out.public.size} public files (${Math.round(bytes / 1024)} KB) in web/dist/content`);
