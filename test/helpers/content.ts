import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCourses } from '../../scripts/courses/build';
import { loadCourses } from '../../scripts/courses/catalogue';
import { folderContentSource } from '../../worker/content/node-source';

/** Builds the fixture courses into a fresh folder, as `npm run build:courses` would. */
export function builtFixtureContent() {
  const { courses, problems } = loadCourses(new URL('../fixtures/courses/', import.meta.url).pathname);
  if (problems.length) throw new Error(JSON.stringify(problems));
  const out = buildCourses(courses);
  const dir = mkdtempSync(join(tmpdir(), 'cascade-content-'));
  for (const [path, bytes] of out.public) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return { dir, source: folderContentSource(dir), output: out };
}

/** The fixture's private release, as published on a server. */
export function fixtureRelease(built: ReturnType<typeof builtFixtureContent>) {
  const releases = JSON.parse(new TextDecoder().decode(built.output.server.get('releases.json'))) as import('../../worker/content/types').CourseRelease[];
  return releases[0]!;
}
