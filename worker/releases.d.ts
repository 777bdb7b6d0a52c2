/**
 * Where the sealed course releases are among the static assets, and the key that opens them:
 * a JSON file the build writes (scripts/build-worker.ts), bundled through this alias.
 */
declare module 'cascade:releases' {
  const sealed: import('./content/sealed').SealedReleases;
  export default sealed;
}
