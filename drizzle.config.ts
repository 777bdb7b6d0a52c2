import { defineConfig } from 'drizzle-kit';

// Used only to generate migrations; the apps migrate through db/migrate.ts.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
