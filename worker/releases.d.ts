/**
 * The built course releases (dist/content-server/releases.json), bundled into the
 * worker by wrangler's alias, since Workers have no private file system.
 */
declare module 'cascade:releases' {
  const releases: import('./content/types').CourseRelease[];
  export default releases;
}
