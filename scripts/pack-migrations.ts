/**
 * Packs drizzle-kit's SQL migrations into db/migrations/bundle.json, which every
 * runtime can import (Node, workerd, Vite): Workers have no file system to read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { MigrationBundle, splitStatements } from '../db/migrations';

const dir = fileURLToPath(new URL('../db/migrations/', import.meta.url));
const Journal = z.object({ entries: z.array(z.object({ idx: z.number(), tag: z.string() })) });

export function packMigrations(): string {
  const journal = Journal.parse(JSON.parse(readFileSync(`${dir}meta/_journal.json`, 'utf8')));
  const bundle = MigrationBundle.parse(
    [...journal.entries]
      .sort((a, b) => a.idx - b.idx)
      .map((e) => ({ tag: e.tag, statements: splitStatements(readFileSync(`${dir}${e.tag}.sql`, 'utf8')) })),
  );
  return `${JSON.stringify(bundle, null, 1)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(`${dir}bundle.json`, packMigrations());
  console.log('db/migrations/bundle.json written');
}
