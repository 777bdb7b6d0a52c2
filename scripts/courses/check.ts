/** `npm run courses:check [course-id ...]`: validates course content and UI messages, and says what to fix. */
import { fileURLToPath } from 'node:url';
import { checkMessages } from '../../i18n/check';
import { loadCourses } from './catalogue';

const coursesDir = fileURLToPath(new URL('../../courses/', import.meta.url));
const only = process.argv.slice(2);
const loaded = loadCourses(coursesDir, only);
const { courses } = loaded;
// The UI catalogues are checked with the content: translators work on both.
const problems = [...loaded.problems, ...(only.length ? [] : checkMessages())];
if (problems.length) {
  for (const p of problems) console.error(`${p.file}: ${p.where}: ${p.message}`);
  console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in the course content.`);
  process.exit(1);
}
console.log(`courses: ${courses.length} checked, no problems (${courses.map((c) => c.folder).join(', ') || 'none'})`);
