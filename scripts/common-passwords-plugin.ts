/**
 * An esbuild plugin for the Workers bundle: the common-password list that
 * worker/lib/common-passwords.ts imports is 49,000 passwords (about 150 KB gzip), of which it
 * keeps 3,534. This puts exactly those in the bundle, sorted and front-coded (each line
 * says how many leading characters it shares with the one before, 0 to 9, then the rest),
 * which adds about 11 KB gzip to the bundle. The module still exports a plain array, so the check
 * runs the same code on Node and on Workers.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { commonPasswordList } from '../worker/lib/common-passwords.ts';

const LIST = /[\\/]@zxcvbn-ts[\\/]language-common[\\/]src[\\/]passwords\.json$/;

/** Sorted, one a line, each line a shared-prefix length (one digit) and the new tail. */
export function frontCode(passwords: readonly string[]): string {
  let previous = '';
  return [...passwords]
    .sort()
    .map((p) => {
      let shared = 0;
      while (shared < 9 && shared < previous.length && p[shared] === previous[shared]) shared++;
      previous = p;
      return `${shared}${p.slice(shared)}`;
    })
    .join('\n');
}

/** The module that replaces the JSON file: the packed text and the loop that unpacks it. */
export function frontCodedModule(passwords: readonly string[]): string {
  if (passwords.some((p) => p.includes('\n'))) throw new Error('a common password contains a line break');
  return [
    `const packed = ${JSON.stringify(frontCode(passwords))};`,
    'const list = [];',
    "let previous = '';",
    "for (const line of packed.split('\\n')) { previous = previous.slice(0, Number(line[0])) + line.slice(1); list.push(previous); }",
    'export default list;',
  ].join('\n');
}

export const commonPasswordsOnly: Plugin = {
  name: 'common-passwords-only',
  setup(b) {
    b.onLoad({ filter: LIST }, (args) => ({
      contents: frontCodedModule(commonPasswordList(JSON.parse(readFileSync(args.path, 'utf8')) as string[])),
      loader: 'js',
    }));
  },
};
