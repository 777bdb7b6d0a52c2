/**
 * db/client.ts's D1 driver alone, imported by name: importing db/client.ts whole (as `import()`
 * does) would bring its libSQL driver and the Turso client (about 18 KB gzip) into the D1 bundle.
 */
export { dbFromD1 } from '../../db/client';
