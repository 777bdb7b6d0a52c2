import { resolve } from 'node:path';
import { courseFolders, loadCourse, type LoadedCourse } from './load';
import { Problems } from './problems';
import { validateCourse } from './validate';

/** Loads and validates every course under `coursesDir` (or only `only`). */
export function loadCourses(coursesDir: string, only: readonly string[] = []) {
  const root = resolve(coursesDir, '..');
  const problems = new Problems();
  const all = courseFolders(coursesDir)
    .map((dir) => loadCourse(root, dir, problems))
    .filter((c): c is LoadedCourse => c !== null);
  const ids = new Set(all.map((c) => c.course.data.id));
  const selected = only.length ? all.filter((c) => only.includes(c.folder)) : all;
  for (const name of only) {
    if (!all.some((c) => c.folder === name)) problems.add(`courses/${name}`, 'folder', 'No such course (or its course.yaml is invalid).');
  }
  for (const c of selected) validateCourse(problems, c, ids);
  // Only the selected courses' problems count when checking a few.
  const relevant = only.length ? problems.list.filter((p) => only.some((n) => p.file.includes(`/${n}/`) || p.file.endsWith(`/${n}`))) : problems.list;
  return { courses: selected, problems: relevant };
}
