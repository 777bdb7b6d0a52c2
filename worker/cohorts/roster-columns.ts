import { z } from '@hono/zod-openapi';
import { Country, DisplayName, Line, Locale, Sector, Username } from '../schemas';

/** The roster's columns as the import documents them, in order. */
export const ROSTER_COLUMNS = ['username', 'display_name', 'gender', 'sector', 'region', 'in_capital', 'country', 'locale'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['username', 'display_name'];

// Header names from spreadsheets made in the programme's five languages.
const ALIASES: Record<RosterColumn, string[]> = {
  username: ['user', 'login', 'identifiant', 'usuario', 'логин', 'اسم المستخدم'],
  display_name: ['name', 'full name', 'nom', 'nombre', 'имя', 'الاسم'],
  gender: ['genre', 'género', 'пол', 'الجنس'],
  sector: ['secteur', 'сектор', 'القطاع'],
  region: ['région', 'región', 'регион', 'المنطقة'],
  in_capital: ['capital', 'capitale', 'столица', 'العاصمة'],
  country: ['pays', 'país', 'страна', 'البلد'],
  locale: ['language', 'langue', 'idioma', 'язык', 'اللغة'],
};

/** Case, spaces, underscores, hyphens, accents and invisible marks do not matter. */
export const headerKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_\-\u200b-\u200f\u2060\ufeff]/g, '');

const BY_KEY = new Map<string, RosterColumn>(
  ROSTER_COLUMNS.flatMap((column) => [column, ...ALIASES[column]].map((name) => [headerKey(name), column] as const)),
);

export const columnFor = (header: string) => BY_KEY.get(headerKey(header));

export const aliasesOf = (column: RosterColumn) => ALIASES[column];

const YES_NO = new Map<string, boolean>([
  ...['yes', 'true', '1', 'oui', 'sí', 'si', 'да', 'نعم'].map((s) => [s, true] as const),
  ...['no', 'false', '0', 'non', 'нет', 'لا'].map((s) => [s, false] as const),
]);

const YesNo = z.string().transform((s, ctx) => {
  const value = YES_NO.get(s.toLowerCase());
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: 'Use yes or no (true/false, 1/0, oui/non, sí/no, да/нет and نعم/لا work too).' });
    return z.NEVER;
  }
  return value;
});

/** An empty cell means "not given". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((s) => (s === '' ? undefined : s), schema.optional());

/** One data line's cells, keyed by column; cells arrive trimmed, '' when empty or absent. */
export const RosterCells = z.object({
  username: Username,
  display_name: DisplayName,
  // Self-described, so free text.
  gender: optional(Line(40)),
  sector: optional(z.string().transform((s) => s.toLowerCase().replace(/[\s-]+/g, '_')).pipe(Sector)),
  region: optional(Line(80)),
  in_capital: optional(YesNo),
  country: optional(Country),
  // "fr-FR" and "FR" are French too.
  locale: optional(z.string().transform((s) => s.toLowerCase().split(/[-_]/)[0] ?? '').pipe(Locale)),
});

/** For enums, whose schemas carry no message of their own: list what is allowed. */
export const listChoices = (issue: { code?: string; values?: readonly unknown[] }) =>
  issue.code === 'invalid_value' && issue.values ? `Use one of: ${issue.values.join(', ')}.` : undefined;
