/**
 * New passwords are checked against a list of commonly used ones, as NIST SP 800-63B
 * (5.1.1.2) and OWASP ASVS 5.0 (6.2.4: at least the top 3,000 that meet the length rule) ask.
 * The list is zxcvbn-ts's `passwords-common` (MIT), ranked from the most used down; only its
 * data file is read. We keep the RANKED_CUT most used, less those shorter than `Password`'s
 * minimum, which are refused anyway: 3,534 entries. The Workers bundle carries exactly
 * that subset (scripts/common-passwords-plugin.ts), never the whole list, and web/ never
 * imports this file.
 */
import ranked from '@zxcvbn-ts/language-common/src/passwords.json';
import { AppError } from '../errors';

/** How far down the ranking the check reaches; more costs worker bundle bytes (about 2.9 KB gzip a thousand kept). */
export const RANKED_CUT = 10_000;
/** `Password`'s minimum length in worker/schemas.ts. */
const MIN_LENGTH = 8;

/** Case and Unicode compatibility forms aside, "Password1" is "password1", and so is "ｐａｓｓｗｏｒｄ１". */
const normalise = (password: string) => password.normalize('NFKC').trim().toLowerCase();

/** The passwords the check refuses, from a list ranked most used first. Applying it twice changes nothing. */
export function commonPasswordList(rankedList: readonly string[]): string[] {
  const kept = rankedList.slice(0, RANKED_CUT).map(normalise).filter((p) => p.length >= MIN_LENGTH);
  return [...new Set(kept)];
}

// Built on the first check rather than at start-up, so an isolate that never sets a password never pays for it.
let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(commonPasswordList(ranked));
  return common.has(normalise(password));
}

/** Throws 400 `password_common` naming `field` (e.g. `body.newPassword`) if the password is on the list. */
export function assertNotCommonPassword(password: string, field: string): void {
  if (!isCommonPassword(password)) return;
  throw new AppError(
    400,
    'password_common',
    'This password is on a list of commonly used passwords, so it would be among the first ones guessed. Choose a longer phrase: three or four unrelated words you will remember.',
    { fields: { [field]: 'On the list of commonly used passwords.' } },
  );
}
