/**
 * Screens a case-consultation text for what could identify a person before it is posted to a
 * mentor. Pure (no I/O), so it runs the same in Node, in Workers and in the browser.
 *
 * Every pattern is bounded (`{m,n}`, never `+`/`*` over a group) so each match attempt does a
 * constant amount of work and a whole scan is linear in the text length: the text is typed by a
 * user, and a catastrophically backtracking regex would hang the isolate.
 *
 * Detection favours recall: the author sees every finding with its reason and either fixes it
 * or confirms it does not identify anyone, so a false positive costs a click, a miss can cost a life.
 */
export type PiiKind = 'name_with_age' | 'phone' | 'email' | 'passport_or_id' | 'street_address' | 'date_of_birth' | 'iban_or_card';

export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
  text: string;
  explanation: string;
}

/** Longest text `screenText` accepts; route schemas should cap consultation bodies at the same length. */
export const MAX_SCREEN_LENGTH = 20_000;

export const PLACEHOLDERS: Readonly<Record<PiiKind, string>> = {
  name_with_age: '[name and age]',
  phone: '[phone]',
  email: '[email]',
  passport_or_id: '[id number]',
  street_address: '[address]',
  date_of_birth: '[date of birth]',
  iban_or_card: '[account number]',
};

const EXPLANATIONS: Readonly<Record<PiiKind, string>> = {
  name_with_age:
    'A name next to an age can identify the victim or a witness, especially in a small community. Use a label such as "Victim A" and an age range, or replace it with [name and age].',
  phone: 'A phone number can identify the victim, a witness or a suspect, and can be called or looked up. Remove it or replace it with [phone].',
  email: 'An e-mail address points to one person and can be searched for. Remove it or replace it with [email].',
  passport_or_id: 'A passport or identity-card number identifies exactly one person. Remove it or replace it with [id number].',
  street_address:
    'A street address can lead someone to where the victim lives or is sheltered. Give only the country or region, or replace it with [address].',
  date_of_birth:
    'A date of birth, together with the facts of the case, can identify the person. Give an age or an age range instead, or replace it with [date of birth].',
  iban_or_card: 'A bank account or card number belongs to one person and can be traced. Remove it or replace it with [account number].',
};

// When findings overlap they are merged and the higher number names the result.
const SPECIFICITY: Readonly<Record<PiiKind, number>> = {
  email: 7, iban_or_card: 6, passport_or_id: 5, date_of_birth: 4, street_address: 3, name_with_age: 2, phone: 1,
};

interface Span { kind: PiiKind; start: number; end: number }

/** Finds what could identify a person in `text`: sorted by start, never overlapping. */
export function screenText(text: string): PiiFinding[] {
  if (text.length > MAX_SCREEN_LENGTH) throw new RangeError(`screenText: text is longer than ${MAX_SCREEN_LENGTH} characters`);
  const t = normalise(text);
  const spans = [nameAge, phones, emails, ids, addresses, birthDates, accounts].flatMap((detect) => detect(t));
  return merge(spans).map((s) => ({ ...s, text: text.slice(s.start, s.end), explanation: EXPLANATIONS[s.kind] }));
}

/**
 * Replaces each finding with its placeholder. Throws when a finding no longer matches the text
 * (it was edited after screening): redacting stale offsets would leave the real value in place.
 */
export function redact(text: string, findings: readonly PiiFinding[]): string {
  let out = '';
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (text.slice(f.start, f.end) !== f.text) throw new RangeError('redact: a finding does not match the text; screen it again');
    if (f.start < at) continue;
    out += text.slice(at, f.start) + PLACEHOLDERS[f.kind];
    at = f.end;
  }
  return out + text.slice(at);
}

/* ---------- shared pieces ---------- */

// Same-length substitutions only, so offsets into the copy are offsets into the original.
function normalise(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\uFF10-\uFF19]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[\u2010-\u2013\u2212]/g, '-');
}

const WS = String.raw`(?<![\p{L}\p{M}\p{N}])`; // word start
const WE = String.raw`(?![\p{L}\p{M}\p{N}])`; // word end
const AR = String.raw`[\u0620-\u065F\u0670-\u06D3\u06FA-\u06FF]`; // Arabic letters and vowel marks, not digits or punctuation
const AR_WORD = `${AR}{2,25}`;
/** "street" -> "[Ss]treet": matches a lower-case word or the same word starting a sentence. */
const cap = (w: string) => `[${w[0]!.toUpperCase()}${w[0]!.toLowerCase()}]${w.slice(1)}`;
const words = (ws: readonly string[]) => ws.map(cap).join('|');

/** Runs a global regex over `t`; `accept` turns a match into a span or rejects it (then the scan retries one character on). */
function scan(pattern: RegExp, t: string, accept: (m: RegExpExecArray) => Span | null): Span[] {
  const re = new RegExp(pattern);
  const out: Span[] = [];
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const span = m[0] === '' ? null : accept(m);
    if (span) out.push(span);
    else re.lastIndex = m.index + 1;
  }
  return out;
}

function before(t: string, at: number, n: number): string {
  return t.slice(Math.max(0, at - n), at);
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (SPECIFICITY[s.kind] > SPECIFICITY[last.kind]) last.kind = s.kind;
    } else out.push({ ...s });
  }
  return out;
}

const isYear = (g: string) => /^(?:19|20)\d\d$/.test(g);

/* ---------- names next to ages ---------- */

// Capitalised words that are not names: legal references, places in a building, function words
// that start sentences, months and roles. Checked on the word right before the age.
const NOT_NAMES = new Set(
  (
    'article articles art section sections paragraph para law laws code protocol convention room page pages chapter annex rule regulation ' +
    'directive decree resolution case cases item table figure step level grade class phase part title volume no number act order clause ' +
    'schedule appendix box line week day year month floor flat unit block sector district zone ward route platform gate bus flight version ' +
    'in on at by for from since until after before during within about around over under between the a an and or but she he they we it ' +
    'her his their this that these those then when while which who what where there here also however yesterday today later aged age ' +
    'victim victims girl boy child minor woman man mr mrs ms miss dr total some nearly almost only just ' +
    'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday ' +
    'loi protocole paragraphe alinéa chapitre titre salle chambre décret arrêté annexe en dans le la les un une elle il ils depuis pendant ' +
    'après avant avec sans pour par sur vers chez de du des madame monsieur victime janvier février mars avril mai juin juillet août septembre octobre novembre décembre ' +
    'artículo ley código convención párrafo capítulo sección sala habitación página decreto anexo inciso numeral el los las ella él desde ' +
    'durante después antes con sin para por sobre hacia entre hace señora señor víctima enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre ' +
    'статья статьи статье статьей пункт часть части закон кодекс протокол конвенция глава раздел комната страница приложение указ ' +
    'постановление дело номер в во на с со к по за из от до после через около более менее уже почти она он они ей ему им её его это этот эта ' +
    'и но а всего последние жертва девушка срок января февраля марта апреля мая июня июля августа сентября октября ноября декабря ' +
    'المادة الفقرة القانون البروتوكول الغرفة الصفحة الفصل القسم البند الاتفاقية المرسوم القضية الضحية الضحايا الفتاة الطفلة الطفل ' +
    'وهي هي وهو هو من في على عن إلى منذ خلال بعد قبل حوالي نحو أكثر أقل لمدة عمرها عمره البالغة البالغ تدعى يدعى اسمها اسمه العمر'
  ).split(' '),
);

const NAME_WORD = String.raw`\p{Lu}[\p{Ll}\p{M}'’]{1,24}(?:-\p{Lu}?[\p{Ll}\p{M}'’]{1,24})?`;
const PARTICLE = '(?:de|da|del|di|do|dos|das|du|van|von|bin|ibn|al|el|la|le|ben)';
const NAME = String.raw`(${NAME_WORD}(?:\s{1,2}(?:${PARTICLE}\s{1,2})?${NAME_WORD}){0,2}|${AR_WORD}(?:\s{1,2}${AR_WORD})?)`;
const AR_AGE_CUE = String.raw`(?:عام[\u064B-\u0652]{0,2}ا?[\u064B-\u0652]{0,2}|أعوام|اعوام|سن(?:ة|ه|وات|ين))`;
const AGE_CUE = String.raw`[\s-]{0,2}(?:years?(?:[\s-]old)?|yrs?\.?(?:[\s-]old)?|y\.\s?o\.|ans?|años?|anos|лет|года?|летн\p{Ll}{1,3}|${AR_AGE_CUE})(?![\p{L}\p{M}])`;
// Connectors that say "age" by themselves, and ones that need a unit after the number.
const STRONG = String.raw`aged|age|âgée?\s{1,2}de|agée?\s{1,2}de|est\s{1,2}âgée?\s{1,2}de|âgée?|de\s{1,2}edad\s{1,2}de|edad|в\s{1,2}возрасте|возрастом|ال?بالغة?\s{1,2}من\s{1,2}العمر|[تي]بلغ\s{1,2}من\s{1,2}العمر|و?عمر(?:ها|ه)`;
const WEAK = String.raw`who\s{1,2}(?:is|was)|is|was|of|de|a|tiene|tenía|tenia|ей|ему`;
const NAME_THEN_AGE = new RegExp(
  String.raw`${WS}${NAME}(\s?[,،(]\s{0,2}|\s{1,2})(?:(${STRONG})\s{1,2}|(${WEAK})\s{1,2})?(\d{1,2})(?!\d|[.,]\d)(${AGE_CUE})?(\s?\))?`,
  'gdu',
);
const AR_NAME_CUE = '(?:تدعى|تُدعى|يدعى|يُدعى|اسمها|اسمه|المدعوة|المدعو)';
const AR_NAME = `(${AR_WORD}(?:\\s{1,2}${AR_WORD})?)`;
// Age first, then the name: "a 16-year-old named Ana", "16-летняя Анна", "15 عامًا تدعى فاطمة".
const AGE_THEN_NAME = [
  String.raw`(\d{1,2})[\s-]{1,2}years?[\s-]{1,2}old(?:\s{1,2}\p{Ll}{2,15}){0,2}(?:,\s{1,2}|\s{1,2}(?:named|called|known\s{1,2}as|identified\s{1,2}as)\s{1,2})(${NAME_WORD}(?:\s{1,2}${NAME_WORD}){0,2})`,
  String.raw`(\d{1,2})\s{0,2}ans(?:\s{1,2}\p{Ll}{2,15}){0,2}(?:,\s{1,2}|\s{1,2}(?:nommée?|appelée?|prénommée?|dénommée?|du\s{1,2}nom\s{1,2}de)\s{1,2})(${NAME_WORD}(?:\s{1,2}${NAME_WORD}){0,2})`,
  String.raw`(\d{1,2})\s{0,2}años(?:\s{1,2}\p{Ll}{2,15}){0,2}(?:,\s{1,2}|\s{1,2}(?:llamad[ao]|de\s{1,2}nombre|conocid[ao]\s{1,2}como)\s{1,2})(${NAME_WORD}(?:\s{1,2}${NAME_WORD}){0,2})`,
  String.raw`(\d{1,2})(?:[\s-]{0,2}летн\p{Ll}{1,3}\s{1,2}|\s{1,2}(?:лет|года?)(?:\s{1,2}\p{Ll}{2,15}){0,2}(?:,\s{1,2}|\s{1,2}(?:по\s{1,2}имени|зовут)\s{1,2}))(${NAME_WORD}(?:\s{1,2}${NAME_WORD}){0,2})`,
  String.raw`(\d{1,2})\s{0,2}${AR_AGE_CUE}(?:\s{1,2}${AR_WORD}){0,3}\s{1,2}${AR_NAME_CUE}\s{1,2}${AR_NAME}`,
].map((src) => new RegExp(`${WS}${src}`, 'gdu'));
// "تدعى فاطمة وعمرها 16 عامًا": an Arabic name cue, the name, then an age within a few words.
const AR_CUE_NAME_AGE = new RegExp(String.raw`${AR_NAME_CUE}\s{1,2}${AR_NAME}(?:\s{1,2}${AR_WORD}){0,4}[\s،,(]{1,3}\d{1,2}\s{0,2}${AR_AGE_CUE}`, 'gdu');

const ARABIC_START = new RegExp(`^${AR}`, 'u');
const isArabic = (s: string) => ARABIC_START.test(s);
const clauseEndsAt = (t: string, at: number) => /^(?:\s?[,.;:)\]!?–—-]|\s?$|\s(?:and|et|y|e|и|و)\s)/u.test(t.slice(at, at + 6));

/** Drops leading non-name words ("Yesterday Maria" -> "Maria"); null when no name is left. */
function nameStart(name: string, at: number): number | null {
  const ws = [...name.matchAll(/\S+/gu)];
  const last = ws[ws.length - 1]?.[0] ?? '';
  if (NOT_NAMES.has(last.toLowerCase())) return null;
  let i = 0;
  while (i < ws.length - 1 && (NOT_NAMES.has(ws[i]![0].toLowerCase()) || !/^\p{Lu}|^[\u0620-\u06FF]/u.test(ws[i]![0]) || /^و?ال/u.test(ws[i]![0]))) i++;
  // A lone Arabic word with the article (الضحية "the victim") is a noun, not a name.
  if (i === ws.length - 1 && /^و?ال/u.test(last) && isArabic(last)) return null;
  return at + ws[i]!.index;
}

function nameAge(t: string): Span[] {
  const forward = scan(NAME_THEN_AGE, t, (m) => {
    const [all, name = '', sep = '', strong, weak, , cue, close] = m;
    const comma = /[,،]/u.test(sep);
    const paren = sep.includes('(');
    const arabic = isArabic(name);
    let ok: boolean;
    if (weak) ok = Boolean(cue);
    else if (strong) ok = true;
    else if (arabic) ok = Boolean(cue) && (comma || paren);
    else if (paren) ok = Boolean(close || cue);
    else if (comma) ok = Boolean(cue) || clauseEndsAt(t, m.index + all.length);
    // "Анне 16 лет": only Russian puts a name (in the dative) straight before an age.
    else ok = Boolean(cue) && /^[\u0400-\u04FF]/u.test(name) && /[еиую]$/u.test(name);
    const start = ok ? nameStart(name, m.index) : null;
    return start === null ? null : { kind: 'name_with_age', start, end: m.index + all.length };
  });
  const backward = AGE_THEN_NAME.flatMap((re) =>
    scan(re, t, (m) => {
      const name = m[2] ?? '';
      const last = name.split(/\s/u).pop() ?? '';
      return NOT_NAMES.has(last.toLowerCase()) || (isArabic(name) && /^و?ال/u.test(name) && !name.includes(' '))
        ? null
        : { kind: 'name_with_age', start: m.index, end: m.index + m[0].length };
    }),
  );
  const arabicCue = scan(AR_CUE_NAME_AGE, t, (m) => {
    const [s] = m.indices?.[1] ?? [m.index];
    return { kind: 'name_with_age', start: s ?? m.index, end: m.index + m[0].length };
  });
  return [...forward, ...backward, ...arabicCue];
}

/* ---------- phone numbers ---------- */

// Never start inside another number ("978-92-1-…" once the whole ISBN was rejected).
const PHONE = new RegExp(String.raw`(?<![\p{L}\p{N}_/])(?<!\d[-. ])(?:\+|\()?\d[\d ().\-]{5,26}\d(?!\p{N})`, 'gu');
const REFERENCE_BEFORE = new RegExp(
  String.raw`${WS}(?:${words(['case', 'file', 'docket', 'law', 'decree', 'resolution', 'regulation', 'reference', 'ref', 'isbn', 'issn', 'doi', 'article', 'art', 'section', 'статья', 'ст', 'дело', 'закон', 'ley', 'loi', 'décret', 'decreto', 'artículo'])}|ISBN|ISSN|DOI|القضية|القانون|المادة)\.?\s{0,2}(?:no\.?|No\.?|n[°º]|№|#|number)?\s{0,2}:?\s{0,2}$`,
  'u',
);
const PHONE_CUE = new RegExp(
  String.raw`${WS}(?:tel|phone|mobile|cell|whats ?app|viber|telegram|signal|imo|téléphone|tél|portable|teléfono|celular|móvil|телефон|тел|моб|(?:ال)?(?:هاتف|جوال|موبايل)|رقم)\p{L}{0,6}\.?\s{0,2}(?:no\.?|number|n[°º]|№)?[^\p{L}]{0,6}$`,
  'iu',
);
const CURRENCY = /(?:NPR|USD|EUR|GBP|INR|PKR|XOF|FCFA|CFA|RUB|€|\$|£|₹|₽|rupees?|dollars?|euros?|francs?|pesos?|roupies?|руб|دولار|يورو|جنيه|ريال|درهم)/iu;

/** Cuts a candidate before its first unbalanced parenthesis: "12-15 (2019" is not one number. */
function balanced(s: string): string {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') {
      if (depth > 0) return s.slice(0, i);
      depth = 1;
      open = i;
    } else if (s[i] === ')') {
      if (depth === 0) return s.slice(0, i);
      depth = 0;
    }
  }
  return depth > 0 ? s.slice(0, open) : s;
}

function isIsbn13(d: string): boolean {
  if (!/^97[89]\d{10}$/.test(d)) return false;
  const sum = [...d].reduce((acc, c, i) => acc + Number(c) * (i % 2 ? 3 : 1), 0);
  return sum % 10 === 0;
}

function phones(t: string): Span[] {
  return scan(PHONE, t, (m) => {
    const open = m[0].startsWith('(') && !m[0].includes(')') ? 1 : 0; // "(call 020 7946 0958)"
    const start = m.index + open;
    const s = balanced(m[0].slice(open)).replace(/\D+$/u, '');
    const digits = s.replace(/\D/g, '');
    const groups = s.split(/\D+/).filter(Boolean);
    const plus = s.startsWith('+');
    const intl = plus || /^00/.test(groups[0] ?? '');
    const max = plus ? 15 : intl ? 17 : 13;
    if (digits.length < 8 || digits.length > max || groups.length > 7) return null;
    if (groups.filter((g) => g.length === 1).length > 2) return null;
    if (!intl && groups.length < 2 && !PHONE_CUE.test(before(t, start, 30))) return null;
    if (groups.every(isYear)) return null; // 2019-2021
    if (/^\d{1,2}[-. /]\d{1,2}[-. /]\d{4}$|^\d{4}[-. /]\d{1,2}[-. /]\d{1,2}$/.test(s)) return null; // a date
    const around = before(t, start, 12) + t.slice(start + s.length, start + s.length + 12);
    if (!intl && /^\d{1,3}(?:[ .]\d{3}){1,4}$/.test(s) && ((groups[0]?.length ?? 0) < 3 || CURRENCY.test(around))) return null; // 15 000 000 FCFA
    if (REFERENCE_BEFORE.test(before(t, start, 30)) || isIsbn13(digits)) return null;
    return { kind: 'phone', start, end: start + s.length };
  });
}

/* ---------- e-mail ---------- */

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:[\p{L}\p{N}-]{1,63}\.){1,8}\p{L}{2,24}(?![\p{L}\p{N}])/gu;

function emails(t: string): Span[] {
  return scan(EMAIL, t, (m) => ({ kind: 'email', start: m.index, end: m.index + m[0].length }));
}

/* ---------- passport and identity numbers ---------- */

const ID_CUE = String.raw`(?:${words(['passports?', 'passeports?', 'pasaportes?', 'паспорт\\p{Ll}{0,3}', 'national ID', 'identity card', 'carte d[\'’]identité', 'c[ée]dula', 'удостоверени\\p{Ll}{0,3}', 'documento de identidad', 'документ\\p{Ll}{0,2}'])}|ID(?:\s{1,2}card)?|I\.D\.|CNIC|CNI|DNI|NIE|NIC|NID|و?(?:ب|ل)?(?:جواز(?:\s{1,2}(?:ال)?سفر)?|(?:ال)?هوية|بطاقة))`;
const ID_CODE = String.raw`[A-Z0-9А-ЯЁ](?:[A-Z0-9А-ЯЁ]|[ .\-](?=[A-Z0-9А-ЯЁ])){5,19}`;
const CUED_ID = new RegExp(String.raw`${WS}${ID_CUE}${WE}[^\p{L}\p{N}]{1,4}(?:[\p{L}\p{M}]{1,15}\.?[^\p{L}\p{N}]{1,4}){0,3}?(${ID_CODE})`, 'gdu');
const CNIC = /(?<![\p{N}-])\d{5}-\d{7}-\d(?![\p{N}-])/gu;
const PASSPORT_SHAPE = /(?<![\p{L}\p{N}/.-])[A-Z]{1,2}\d{6,8}(?![\p{L}\p{N}/-])/gu;

function ids(t: string): Span[] {
  const cued = scan(CUED_ID, t, (m) => {
    const [s = 0] = m.indices?.[1] ?? [];
    // The code may have swallowed an upper-case word after it ("P1234567 IN 2019"): drop trailing tokens without digits.
    const tokens = [...(m[1] ?? '').matchAll(/[^ .-]+/gu)];
    while (tokens.length && !/\d/.test(tokens[tokens.length - 1]![0])) tokens.pop();
    const lastTok = tokens[tokens.length - 1];
    if (!lastTok) return null;
    const code = (m[1] ?? '').slice(0, lastTok.index + lastTok[0].length);
    const alnum = code.replace(/[ .-]/g, '');
    const ok = alnum.length >= 6 && alnum.length <= 14 && (alnum.match(/\d/g)?.length ?? 0) >= 2;
    return ok ? { kind: 'passport_or_id', start: s, end: s + code.length } : null;
  });
  const cnic = scan(CNIC, t, (m) => ({ kind: 'passport_or_id', start: m.index, end: m.index + m[0].length }));
  const shaped = scan(PASSPORT_SHAPE, t, (m) =>
    REFERENCE_BEFORE.test(before(t, m.index, 30)) ? null : { kind: 'passport_or_id', start: m.index, end: m.index + m[0].length },
  );
  return [...cued, ...cnic, ...shaped];
}

/* ---------- street addresses ---------- */

const STREET_WORDS = ['street', 'road', 'avenue', 'lane', 'boulevard', 'rue', 'allée', 'impasse', 'chemin', 'calle', 'avenida', 'carrera', 'улица', 'проспект', 'переулок', 'шоссе', 'бульвар'];
const STREET_ABBR = String.raw`${words(['st', 'rd', 'ave', 'av', 'blvd', 'ln', 'cl', 'cra', 'ул', 'пр', 'просп', 'пер'])}\.|пр-т|شارع`;
// Street words that may start an address ("Calle Mayor 5") must be capitalised in Latin script:
// "the road 5 km on" is not an address. "St." is left out: it is also "Saint".
const STREET_FIRST = String.raw`(?:Street|Road|Avenue|Lane|Boulevard|Rue|Calle|Avenida|Carrera|Av\.|Cra\.|Cl\.|Blvd\.|${words(['улица', 'проспект', 'переулок', 'шоссе', 'бульвар', 'ул', 'пр', 'просп', 'пер'].map((w, i) => (i > 4 ? `${w}\\.` : w)))}|пр-т|شارع)`;
const STREET_ANY = `(?:${words(STREET_WORDS)}|${STREET_ABBR})`;
const TOKEN = String.raw`(?:\p{Lu}[\p{L}\p{M}'’.-]{0,24}|${AR_WORD}|\d{1,5}|de|del|des|du|la|le|las|los|the|of|d['’])`;
const NUMBER_MARK = String.raw`(?:No\.?|n[°º]|№|#|д\.|дом|رقم)`;
const HOUSE_NO = String.raw`\d{1,5}(?:[A-Za-zА-Яа-я](?![\p{L}]))?`;
const ADDRESS = [
  // 12 Rue de la Paix; 14 شارع الجمهورية
  String.raw`${WS}(?<no>${HOUSE_NO})(?:\s{1,2}(?:bis|ter))?,?\s{1,2}${STREET_ANY}(?![\p{L}])(?:\s{1,2}${TOKEN}){1,5}`,
  // 221B Baker Street
  String.raw`${WS}(?<no>${HOUSE_NO})\s{1,2}(?:\p{Lu}[\p{L}\p{M}'’-]{1,24}\s{1,2}){1,3}${STREET_ANY}(?![\p{L}])`,
  // Calle 45 #12-30; ул. Ленина, д. 5; شارع الجمهورية 14; Ленинский проспект, 45
  String.raw`${WS}(?:\p{Lu}[\p{L}\p{M}-]{1,24}\s{1,2})?${STREET_FIRST}(?![\p{L}])(?:\s{1,2}${TOKEN}){0,4}[\s,،]{1,3}(?<mark>${NUMBER_MARK}\s{0,2})?(?<no>${HOUSE_NO})(?:\s?[-/]\s?\d{1,5})?${WE}`,
].map((src) => new RegExp(src, 'gdu'));
const HOUSE_BEFORE = new RegExp(
  String.raw`(?:${words(['house', 'flat', 'apt', 'apartment', 'plot', 'building', 'bldg', 'maison', 'casa', 'apto', 'apartamento', 'дом', 'кв'])}|منزل|شقة)\.?\s{0,2}${NUMBER_MARK}?\s{0,2}\d{1,5}[A-Za-z]?\s{0,2}[,،]?\s{1,2}$`,
  'u',
);
const UNIT_AFTER = new RegExp(
  String.raw`^(?:\s{0,2}[,،]?\s{0,2}(?:кв\.|квартира|корп\.|корпус|стр\.|${words(['apt', 'flat', 'apartment', 'appt', 'piso', 'apto', 'house'])}\.?|شقة|${NUMBER_MARK})\s{0,2}\d{1,5}[A-Za-zА-Яа-я]?){1,2}`,
  'u',
);

function addresses(t: string): Span[] {
  return ADDRESS.flatMap((re) =>
    scan(re, t, (m) => {
      // "In 2019 Oxford Street", "the Road Map 2030": a bare year is not a house number.
      if (!m.groups?.mark && isYear(m.groups?.no ?? '')) return null;
      let start = m.index;
      let end = m.index + m[0].length;
      const house = HOUSE_BEFORE.exec(before(t, start, 40));
      if (house) start -= house[0].length;
      end += UNIT_AFTER.exec(t.slice(end, end + 40))?.[0].length ?? 0;
      const head = t.slice(start, end);
      if (!/[\p{Lu}\u0620-\u06FF]|[\u0400-\u04FF]/u.test(head)) return null;
      return { kind: 'street_address', start, end };
    }),
  );
}

/* ---------- dates of birth ---------- */

const MONTHS = [
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec',
  'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|janv|févr|avr|juil|déc',
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|ene|dic',
  'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|дек',
  'يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون\\s{1,2}الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين\\s{1,2}الأول|تشرين\\s{1,2}الثاني|كانون\\s{1,2}الأول',
].join('|');
const DATE = String.raw`(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}(?:st|nd|rd|th|er|º)?\s{1,2}(?:de\s{1,2})?(?:${MONTHS})\.?,?\s{1,2}(?:de\s{1,2}|del\s{1,2})?\d{4}|(?:${MONTHS})\.?\s{1,2}\d{1,2}(?:st|nd|rd|th)?,?\s{1,2}\d{4}|(?:${MONTHS})\.?\s{1,2}(?:de\s{1,2})?\d{4}|\d{4})(?!\d)(?:\s{0,2}(?:г\.|года|г)(?![\p{L}]))?`;
const BIRTH_CUE = String.raw`(?:born|dob|d\.o\.b\.?|date\s{1,2}of\s{1,2}birth|birth\s{0,2}date|birthday|née?|nacid[oa]|fecha\s{1,2}de\s{1,2}nacimiento|f\.\s?nac\.?|родил(?:ся|ась)|дата\s{1,2}рождения|д\.\s?р\.|день\s{1,2}рождения|[وف]?(?:من\s{1,2})?(?:مواليد|تاريخ\s{1,2}(?:ال)?ميلاد(?:ه|ها)?|ولدت|ولد|مولودة?))`;
// The gap is lazy so "born in March 2007" keeps the month in the date.
const CUED_DATE = new RegExp(String.raw`${WS}${BIRTH_CUE}(?![\p{L}])[\s:,.()-]{1,4}(?:[\p{L}\p{M}]{1,15}[\s:,.]{1,3}){0,3}?(${DATE})${WE}`, 'gdiu');
const DATE_THEN_CUE = new RegExp(String.raw`${WS}(${DATE})\s{0,2}(?:г\.\s?р\.|года\s{1,2}рождения|\((?:dob|born)\))`, 'gdiu');

function plausibleDate(d: string): boolean {
  const nums = (d.match(/\d+/g) ?? []).map(Number);
  const year = nums.find((n) => n >= 100);
  if (year !== undefined && (year < 1900 || year > 2099)) return false;
  if (nums.length === 3) {
    const [a = 0, b = 0, c = 0] = d.match(/^\d{4}/) ? [nums[2], nums[1], nums[0]] : nums;
    return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31)) && c >= 0;
  }
  return nums.every((n) => n >= 1 && (n <= 31 || n >= 1900));
}

function birthDates(t: string): Span[] {
  const accept = (m: RegExpExecArray): Span | null => {
    const [s, e] = m.indices?.[1] ?? [0, 0];
    return plausibleDate(m[1] ?? '') ? { kind: 'date_of_birth', start: s, end: e } : null;
  };
  return [...scan(CUED_DATE, t, accept), ...scan(DATE_THEN_CUE, t, accept)];
}

/* ---------- IBAN and card numbers ---------- */

const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)(?![\p{L}\p{N}])/gu;
const CARD = /(?<!\p{N})\d(?:[ -]?\d){12,18}(?!\p{N})/gu;

function luhn(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

function accounts(t: string): Span[] {
  const ibans = scan(IBAN, t, (m) => {
    let s = m[0];
    // A grouped IBAN's last group may have swallowed a short upper-case word ("… 00 NPR").
    const tail = / ([A-Z0-9]{1,4})$/.exec(s);
    if (tail && !/\d/.test(tail[1] ?? '')) s = s.slice(0, tail.index);
    const compact = s.replace(/ /g, '');
    const ok = compact.length >= 15 && compact.length <= 34 && (compact.slice(4).match(/\d/g)?.length ?? 0) >= 6;
    return ok ? { kind: 'iban_or_card', start: m.index, end: m.index + s.length } : null;
  });
  const cards = scan(CARD, t, (m) => {
    const groups = m[0].split(/[ -]/);
    // Card numbers are written solid or in groups of 4 (Amex 4-6-5), never "1 1 1 1".
    const grouped = groups.length === 1 || groups.slice(0, -1).every((g) => g.length >= 4);
    return grouped && luhn(m[0].replace(/\D/g, '')) ? { kind: 'iban_or_card', start: m.index, end: m.index + m[0].length } : null;
  });
  return [...ibans, ...cards];
}
