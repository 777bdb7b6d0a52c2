/**
 * Importing a cohort's roster from a spreadsheet. The same call previews (a row-by-row report,
 * nothing written) and commits; a commit writes every accepted row in one atomic batch, or
 * nothing at all. New people get an account with no password and a one-time setup code, which
 * the trainer hands out, as with reset codes.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohortMembers, cohorts, memberships, resetCodes, users } from '../../../db/schema';
import { audit } from '../../audit';
import type { Acting } from '../../context';
import { AppError } from '../../errors';
import { normaliseCode, randomCode, sha256 } from '../../lib/crypto';
import { chunks } from '../../lib/chunks';
import { isUniqueViolation } from '../../lib/db-errors';
import { parseRoster, type RosterLine, type RosterRow } from '../../cohorts/roster-csv';
import { formatCode } from './cohorts.service';

/** A setup code lasts two weeks: long enough for a trainer to hand codes out at the first session. */
const SETUP_CODE_DAYS = 14;
const DAY_MS = 86_400_000;
/** The users table has ~15 columns; D1 binds at most 100 parameters per statement. */
const USERS_PER_INSERT = 6;
/** Stored where a password hash would be: no password matches it, so only a setup code opens the account. */
export const NO_PASSWORD = '!unset';

type Cohort = typeof cohorts.$inferSelect;
type Outcome = 'create' | 'add' | 'already';

export interface ImportLine {
  line: number;
  status: 'ok' | 'error';
  username?: string;
  /** For accepted lines: a new account, an existing account added, or already in the cohort. */
  action?: Outcome;
  errors?: Array<{ column: string; message: string }>;
}


/** Checks every line, against the file and against the accounts that already exist. */
async function plan(db: Db, cohort: Cohort, bytes: Uint8Array) {
  const report = parseRoster(bytes);
  const ok = report.lines.filter((l): l is Extract<RosterLine, { status: 'ok' }> => l.status === 'ok');
  const existing = new Map<string, { id: string; member: boolean; seated: boolean }>();
  // D1 binds at most 100 parameters per statement.
  for (const batch of chunks(ok.map((l) => l.row.username), 90)) {
    if (batch.length === 0) continue;
    const rows = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, batch));
    const ids = rows.map((r) => r.id);
    const [member, seated] = ids.length
      ? await db.batch([
          db.selectDistinct({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.institutionId, cohort.institutionId), inArray(memberships.userId, ids))),
          db.select({ userId: cohortMembers.userId }).from(cohortMembers).where(and(eq(cohortMembers.cohortId, cohort.id), inArray(cohortMembers.userId, ids))),
        ])
      : [[], []];
    for (const r of rows) existing.set(r.username, { id: r.id, member: member.some((m) => m.userId === r.id), seated: seated.some((s) => s.userId === r.id) });
  }
  const lines: ImportLine[] = report.lines.map((l) => {
    if (l.status === 'error') return { line: l.line, status: 'error', errors: l.errors };
    const found = existing.get(l.row.username);
    if (found && !found.member) {
      // Adding someone else's account would let this cohort's trainers reset its password.
      return {
        line: l.line,
        status: 'error',
        username: l.row.username,
        errors: [{ column: 'username', message: `The username "${l.row.username}" belongs to an account outside this institution. Choose another username.` }],
      };
    }
    return { line: l.line, status: 'ok', username: l.row.username, action: !found ? 'create' : found.seated ? 'already' : 'add' };
  });
  const rows = new Map(ok.map((l) => [l.line, l.row]));
  const [seats] = await db
    .select({ n: count() })
    .from(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.role, 'learner')));
  const joining = lines.filter((l) => l.action === 'create' || l.action === 'add').length;
  const problems = [...report.problems];
  if (cohort.capacity !== null && (seats?.n ?? 0) + joining > cohort.capacity) {
    problems.push(`The cohort has ${cohort.capacity} places and ${seats?.n ?? 0} learners: ${joining} more do not fit. Raise its capacity or split the file.`);
  }
  return { report, lines, rows, existing, problems, overCapacity: cohort.capacity !== null && (seats?.n ?? 0) + joining > cohort.capacity };
}

function summary(lines: ImportLine[]) {
  const n = (f: (l: ImportLine) => boolean) => lines.filter(f).length;
  return {
    create: n((l) => l.action === 'create'),
    add: n((l) => l.action === 'add'),
    already: n((l) => l.action === 'already'),
    rejected: n((l) => l.status === 'error'),
  };
}

export async function previewRoster(db: Db, cohort: Cohort, bytes: Uint8Array) {
  const p = await plan(db, cohort, bytes);
  return { committed: false, encoding: p.report.encoding, columns: p.report.columns, problems: p.problems, summary: summary(p.lines), lines: p.lines, setupCodes: [] };
}

/** Writes every accepted line at once; any failure (a username taken meanwhile) writes nothing. */
export async function commitRoster(db: Db, by: Acting, cohort: Cohort, bytes: Uint8Array) {
  const p = await plan(db, cohort, bytes);
  if (p.report.lines.length === 0 || p.overCapacity) {
    throw new AppError(422, 'roster_unusable', p.problems.join(' ') || 'The file has no rows to import.');
  }
  const expiresAt = new Date(by.now.getTime() + SETUP_CODE_DAYS * DAY_MS);
  const created: Array<{ line: number; username: string; displayName: string; setupCode: string; id: string; row: RosterRow }> = [];
  for (const l of p.lines) {
    if (l.action !== 'create') continue;
    const row = p.rows.get(l.line)!;
    created.push({ line: l.line, username: row.username, displayName: row.displayName, setupCode: randomCode(12), id: crypto.randomUUID(), row });
  }
  const joiningIds = [
    ...created.map((c) => c.id),
    ...p.lines.filter((l) => l.action === 'add').map((l) => p.existing.get(l.username!)!.id),
  ];
  const writes = [
    ...chunks(created, USERS_PER_INSERT).map((group) =>
      db.insert(users).values(
        group.map((c) => ({
          id: c.id,
          username: c.username,
          displayName: c.displayName,
          passwordHash: NO_PASSWORD,
          locale: c.row.locale ?? 'en',
          country: c.row.country ?? null,
          sector: c.row.sector ?? null,
          region: c.row.region ?? null,
          inCapital: c.row.inCapital ?? null,
          gender: c.row.gender ?? null,
          createdAt: by.now,
          updatedAt: by.now,
        })),
      ),
    ),
    // Many rows a statement (D1 binds at most 100 parameters), each a no-op if already there.
    ...chunks(joiningIds, 16).map((ids) =>
      db
        .insert(memberships)
        .values(ids.map((userId) => ({ userId, institutionId: cohort.institutionId, role: 'learner' as const, grantedBy: by.actorId, createdAt: by.now })))
        .onConflictDoNothing(),
    ),
    ...chunks(joiningIds, 25).map((ids) =>
      db
        .insert(cohortMembers)
        .values(ids.map((userId) => ({ cohortId: cohort.id, userId, role: 'learner' as const, joinedAt: by.now })))
        .onConflictDoNothing(),
    ),
    // Hashes first: a query builder is thenable, so an async callback returning one would run it outside the batch.
    ...chunks(
      await Promise.all(created.map(async (c) => ({ userId: c.id, codeHash: await sha256(normaliseCode(c.setupCode)), issuedBy: by.actorId, cohortId: cohort.id, createdAt: by.now, expiresAt }))),
      10,
    ).map((group) => db.insert(resetCodes).values(group)),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'cohort.roster_imported',
      institutionId: cohort.institutionId,
      subjectType: 'cohort',
      subjectId: cohort.id,
      detail: { ...summary(p.lines), encoding: p.report.encoding },
    }),
  ];
  try {
    const [head, ...rest] = writes;
    await db.batch([head!, ...rest]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError(409, 'roster_conflict', 'Some of these usernames were taken while you were importing. Nothing was imported: preview the file again.');
  }
  return {
    committed: true,
    encoding: p.report.encoding,
    columns: p.report.columns,
    problems: p.problems,
    summary: summary(p.lines),
    lines: p.lines,
    // Shown once: hand each person their code; it sets their password at /reset.
    setupCodes: created.map((c) => ({ line: c.line, username: c.username, displayName: c.displayName, code: formatCode(c.setupCode), expiresAt: expiresAt.toISOString() })),
  };
}
