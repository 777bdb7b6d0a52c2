/** db/client.ts's libSQL driver alone, imported by name (see d1-drizzle.ts). */
export { dbFromLibsql } from '../../db/client';
