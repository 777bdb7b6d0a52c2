/**
 * Screens a case-consultation text for what could identify a person before it is posted to a
 * mentor. Pure (no I/O), so it runs the same in Node, in Workers and in the browser.
 *
 * The text is typed by a user, so every scan must stay linear: repeated groups are bounded, and
 * the few unbounded runs (`+`) cover one character class that cannot also match what follows
 * them, so no text can be split two ways. The patterns are also kept cheap for V8 to compile
 * (few \p{…} classes, no long alternations after other parts): they compile in every fresh
 * Workers isolate. Names and month words are therefore read by code around a cheap regex match.
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

// Up to three words between a cue and its value ("passport number is P1234567"). Lazy, so the
// value is the first thing that fits; explicit punctuation, because a negated \p{…} class nested
// in bounded repeats costs V8 hundreds of milliseconds to compile for non-Latin-1 text.
const PUNCT = String.raw`[\s:#№.,()\-]`;
const GAP = String.raw`${PUNCT}{1,4}(?:[^\s\d:#№.,()\-]+${PUNCT}{1,4}){0,3}?`;
// Word boundaries as "next to a space, a punctuation mark or the edge of the text". \p{L} would say
// it more directly, but each \p{…} class costs V8 milliseconds to compile for non-Latin-1 text,
// and these appear in every pattern.
const BREAKS = String.raw`\s\-.,;:!?()\[\]{}"'«»“”‘’،؛؟/\\+%@#№*&=<>|_~…–—$€£`;
const WS = `(?<![^${BREAKS}])`; // word start
const WE = `(?![^${BREAKS}])`; // word end
const WORD_CHAR = `[^${BREAKS}\\d]`;
const AR = String.raw`[\u0620-\u065F\u0670-\u06D3\u06FA-\u06FF]`; // Arabic letters and vowel marks, not digits or punctuation
const AR_WORD = `${AR}{2,25}`;
/** "street" -> "[Ss]treet": matches a lower-case word or the same word starting a sentence. */
const cap = (w: string) => `[${w[0]!.toUpperCase()}${w[0]!.toLowerCase()}]${w.slice(1)}`;
const words = (ws: readonly string[]) => ws.map(cap).join('|');

/**
 * The index one code point after `i`. Retrying a `u` regex from the middle of a surrogate pair
 * makes V8 start again at the pair itself: the same match, forever.
 */
const nextIndex = (t: string, i: number) => i + ((t.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);

/** Runs a global regex over `t`; `accept` turns a match into a span or rejects it (then the scan retries one character on). */
function scan(pattern: RegExp, t: string, accept: (m: RegExpExecArray) => Span | null): Span[] {
  const re = new RegExp(pattern);
  const out: Span[] = [];
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const span = m[0] === '' ? null : accept(m);
    if (span) out.push(span);
    else re.lastIndex = nextIndex(t, m.index);
  }
  return out;
}

/** The `n` characters before `at`, lower-cased, for cue tests (offsets into it are never used). */
function cueBefore(t: string, at: number, n: number): string {
  return t.slice(Math.max(0, at - n), at).toLowerCase();
}

/** Lower-cases letter by letter, keeping any letter whose lower case has another length, so offsets still match. */
function lowerCase(t: string): string {
  return t.replace(/\p{Lu}/gu, (c) => {
    const l = c.toLowerCase();
    return l.length === c.length ? l : c;
  });
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
    'victim victims girl boy child minor woman man mr mrs ms miss dr total some nearly almost only just witness suspect defendant accused ' +
    'survivor complainant client mother father sister brother daughter son aunt uncle cousin friend ' +
    'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday ' +
    'loi protocole paragraphe alinéa chapitre titre salle chambre décret arrêté annexe en dans le la les un une elle il ils depuis pendant ' +
    'après avant avec sans pour par sur vers chez de du des madame monsieur victime témoin plaignante mère père sœur frère fille fils janvier février mars avril mai juin juillet août septembre octobre novembre décembre ' +
    'artículo ley código convención párrafo capítulo sección sala habitación página decreto anexo inciso numeral el los las ella él desde ' +
    'durante después antes con sin para por sobre hacia entre hace señora señor víctima testigo denunciante madre padre hermana hermano hija hijo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre ' +
    'статья статьи статье статьей пункт часть части закон кодекс протокол конвенция глава раздел комната страница приложение указ ' +
    'постановление дело номер в во на с со к по за из от до после через около более менее уже почти она он они ей ему им её его это этот эта ' +
    'и но а всего последние жертва девушка девочка мальчик потерпевшая потерпевший свидетель свидетельница гражданка гражданин обвиняемый мать отец сестра брат дочь сын срок января февраля марта апреля мая июня июля августа сентября октября ноября декабря ' +
    'المادة الفقرة القانون البروتوكول الغرفة الصفحة الفصل القسم البند الاتفاقية المرسوم القضية الضحية الضحايا الفتاة الطفلة الطفل ' +
    'وهي هي وهو هو من في على عن إلى منذ خلال بعد قبل حوالي نحو أكثر أقل لمدة عمرها عمره البالغة البالغ تدعى يدعى اسمها اسمه العمر ' +
    // Common narrative words that stand before a name in Arabic, which has no capitals to tell them apart.
    'قالت قال أفادت ذكرت قابلنا التقينا التقت تجنيد نقل استغلال تهريب مع'
  ).split(' '),
);

const PARTICLES = new Set(['de', 'da', 'del', 'di', 'do', 'dos', 'das', 'du', 'van', 'von', 'bin', 'ibn', 'al', 'el', 'la', 'le', 'ben']);
const AR_AGE_CUE = String.raw`(?:عام[\u064B-\u0652]{0,2}ا?[\u064B-\u0652]{0,2}|أعوام|اعوام|سن(?:ة|ه|وات|ين))`;
const AGE_CUE = String.raw`[\s-]{0,2}(?:years?(?:[\s-]old)?|yrs?\.?(?:[\s-]old)?|y\.\s?o\.|ans?|años?|anos|лет|года?|летн[а-яё]{1,3}|${AR_AGE_CUE})${WE}`;
// Connectors that say "age" by themselves, and ones that need a unit after the number.
const STRONG = String.raw`aged|age|âgée?\s{1,2}de|agée?\s{1,2}de|est\s{1,2}âgée?\s{1,2}de|âgée?|de\s{1,2}edad\s{1,2}de|edad|в\s{1,2}возрасте|возрастом|ال?بالغة?\s{1,2}من\s{1,2}العمر|[تي]بلغ\s{1,2}من\s{1,2}العمر|و?عمر(?:ها|ه)`;
const WEAK = String.raw`who\s{1,2}(?:is|was)|is|was|of|de|a|tiene|tenía|tenia|ей|ему`;
const AR_NAME_CUE = '(?:تدعى|تُدعى|يدعى|يُدعى|اسمها|اسمه|المدعوة|المدعو)';
// The regexes find the age and its connector; code reads the name from the words beside it.
// Spelling "1–3 capitalised words" in a regex makes V8 compile the large \p{Lu}/\p{Ll} classes
// once per word, tens of milliseconds in every fresh isolate.
const AGE_AFTER_NAME = new RegExp(
  String.raw`(?<=${WORD_CHAR})(\s?[,،(]\s{0,2}|\s{1,2})(?:(${STRONG})\s{1,2}|(${WEAK})\s{1,2})?(\d{1,2})(?!\d|[.,]\d)(${AGE_CUE})?(\s?\))?`,
  'gu',
);
const FILLER = String.raw`[a-zà-öø-ÿа-яё\s]{0,30}?`; // "girl", "jeune fille"
// Age first, then the name: "a 16-year-old named Ana", "16-летняя Анна", "15 عامًا تدعى فاطمة".
const AGE_BEFORE_NAME = [
  String.raw`\d{1,2}[\s-]{1,2}years?[\s-]{1,2}old${FILLER}(?:,\s{1,2}|\s(?:named|called|known\s{1,2}as|identified\s{1,2}as)\s{1,2})`,
  String.raw`\d{1,2}\s{0,2}ans${FILLER}(?:,\s{1,2}|\s(?:nommée?|appelée?|prénommée?|dénommée?|du\s{1,2}nom\s{1,2}de)\s{1,2})`,
  String.raw`\d{1,2}\s{0,2}años${FILLER}(?:,\s{1,2}|\s(?:llamad[ao]|de\s{1,2}nombre|conocid[ao]\s{1,2}como)\s{1,2})`,
  String.raw`\d{1,2}(?:[\s-]{0,2}летн[а-яё]{1,3}\s{1,2}|\s{1,2}(?:лет|года?)${FILLER}(?:,\s{1,2}|\s(?:по\s{1,2}имени|зовут)\s{1,2}))`,
  String.raw`\d{1,2}\s{0,2}${AR_AGE_CUE}(?:\s{1,2}${AR_WORD}){0,3}\s{1,2}${AR_NAME_CUE}\s{1,2}`,
].map((src) => new RegExp(`${WS}${src}`, 'gu'));
// "تدعى فاطمة وعمرها 16 عامًا": an Arabic name cue, the name, then an age within a few words.
const AR_CUE_NAME_AGE = new RegExp(String.raw`(${AR_NAME_CUE}\s{1,2})${AR_WORD}(?:\s{1,2}${AR_WORD}){0,5}[\s،,(]{1,3}\d{1,2}\s{0,2}${AR_AGE_CUE}`, 'gu');

const ARABIC_START = new RegExp(`^${AR}`, 'u');
const isArabic = (s: string) => ARABIC_START.test(s);
const WORDS = new RegExp(`(?:${WORD_CHAR}|['’-])+`, 'gu');
const NAME_START = new RegExp(`^(?:\\p{Lu}|${AR})`, 'u');
const isNameWord = (w: string) => (isArabic(w) ? w.length >= 2 : /^\p{Lu}/u.test(w) && /\p{Ll}/u.test(w));
const clauseEndsAt = (t: string, at: number) => /^(?:\s?[,.;:)\]!?–—-]|\s?$|\s(?:and|et|y|e|и|و)\s)/u.test(t.slice(at, at + 6));

interface Word { w: string; at: number }

function wordsIn(t: string, from: number, to: number): Word[] {
  return [...t.slice(from, to).matchAll(WORDS)].map((m) => ({ w: m[0], at: from + m.index }));
}

/** Takes up to 3 capitalised words (2 Arabic words), walking away from the age, until a word is not part of a name. */
function takeName(ws: readonly Word[], t: string): Word[] {
  const arabic = isArabic(ws[0]?.w ?? '');
  const name: Word[] = [];
  let count = 0;
  for (const cur of ws) {
    const prev = name[name.length - 1];
    const [a, b] = prev && prev.at < cur.at ? [prev, cur] : [cur, prev];
    if (b && !/^\s{1,2}$/u.test(t.slice(a.at + a.w.length, b.at))) break;
    const particle = !arabic && PARTICLES.has(cur.w);
    if (!particle && (isArabic(cur.w) !== arabic || !isNameWord(cur.w) || count === (arabic ? 2 : 3))) break;
    if (!particle) count++;
    name.push(cur);
  }
  return name;
}

const notName = (w: Word) => PARTICLES.has(w.w) || NOT_NAMES.has(w.w.toLowerCase()) || /^و?ال/u.test(w.w);

/** Start of the name ending at `p`, without leading non-names ("Yesterday Maria" -> "Maria"); null when there is none. */
function nameBefore(t: string, p: number): number | null {
  const from = Math.max(0, p - 100);
  const ws = wordsIn(t, from, p).filter((w) => w.at > from || from === 0); // the first may be cut off
  const last = ws[ws.length - 1];
  if (!last || last.at + last.w.length !== p || NOT_NAMES.has(last.w.toLowerCase())) return null;
  const name = takeName(ws.reverse(), t).reverse();
  while (name.length > 1 && notName(name[0]!)) name.shift();
  // A lone Arabic word with the article (الضحية "the victim") is a noun, not a name.
  return name[0] && !(name.length === 1 && notName(name[0])) ? name[0].at : null;
}

/** End of the name starting at `p`; null when there is none. */
function nameAfter(t: string, p: number): number | null {
  if (!NAME_START.test(t.slice(p, p + 2))) return null;
  const ws = wordsIn(t, p, p + 100);
  if (ws[0]?.at !== p) return null;
  const name = takeName(ws, t);
  while (name.length && (PARTICLES.has(name[name.length - 1]!.w) || NOT_NAMES.has(name[name.length - 1]!.w.toLowerCase()))) name.pop();
  const last = name[name.length - 1];
  return last && !NOT_NAMES.has(name[0]!.w.toLowerCase()) ? last.at + last.w.length : null;
}

function nameAge(t: string): Span[] {
  const after = scan(AGE_AFTER_NAME, t, (m) => {
    const [all, sep = '', strong, weak, , cue, close] = m;
    const comma = /[,،]/u.test(sep);
    const paren = sep.includes('(');
    const before = t[m.index - 1] ?? '';
    let ok: boolean;
    if (weak) ok = Boolean(cue);
    else if (strong) ok = true;
    else if (isArabic(before)) ok = Boolean(cue) && (comma || paren);
    else if (paren) ok = Boolean(close || cue);
    else if (comma) ok = Boolean(cue) || clauseEndsAt(t, m.index + all.length);
    // "Анне 16 лет": Russian puts a name in the dative straight before an age.
    else ok = Boolean(cue) && /[еиую]/u.test(before) && /[\u0400-\u04FF]{2}$/u.test(t.slice(m.index - 2, m.index));
    const start = ok ? nameBefore(t, m.index) : null;
    // The closing parenthesis belongs to the finding only when it closes "Maria (17)".
    const end = m.index + all.length - (paren ? 0 : (close?.length ?? 0));
    return start === null ? null : { kind: 'name_with_age', start, end };
  });
  const before = AGE_BEFORE_NAME.flatMap((re) =>
    scan(re, t, (m) => {
      const end = nameAfter(t, m.index + m[0].length);
      return end === null ? null : { kind: 'name_with_age', start: m.index, end };
    }),
  );
  const arabicCue = scan(AR_CUE_NAME_AGE, t, (m) => ({ kind: 'name_with_age', start: m.index + (m[1]?.length ?? 0), end: m.index + m[0].length }));
  return [...after, ...before, ...arabicCue];
}

/* ---------- phone numbers ---------- */

// Never start inside another number ("978-92-1-…" once the whole ISBN was rejected).
const PHONE = new RegExp(String.raw`(?<![^\s(:;,"'«“‘\[{=>|…–—])(?<!\d[-. ])(?:\+|\()?\d[\d ().\-]{5,26}\d(?!\d)`, 'gu');
// Words that make the number after them a legal or bibliographic reference ("Case No. 2021-045-3312").
const REFERENCES = new Set(
  'case file docket law decree resolution regulation directive convention application reference ref isbn issn doi article art section статья ст дело закон ley loi décret decreto artículo القضية القانون المادة'.split(' '),
);
// Word stems that make an unbroken run of digits after them a phone number ("tel. 89161234567").
const PHONE_WORDS = 'call contact tel phone mobile cell whatsapp viber telegram signal imo tél portable teléfono celular móvil телефон тел моб هاتف الهاتف جوال الجوال موبايل رقم'.split(' ');
const NUMBER_WORDS = new Set(['no', 'n', 'nr', 'number', 'num', 'núm', 'номер']);

/** The last word before `at` (lower-cased, "no."/"n°"/"#" skipped), when only punctuation separates it from `at`. */
function wordBefore(t: string, at: number): string {
  const s = cueBefore(t, at, 40);
  const ws = [...s.matchAll(/[^\s\d.,;:()#№°º/-]+/gu)];
  let i = ws.length - 1;
  while (i > 0 && NUMBER_WORDS.has(ws[i]![0])) i--;
  const w = ws[i];
  const tail = w ? s.slice(w.index + w[0].length) : '';
  return w && tail.length <= 12 && !/\d/.test(tail) ? w[0] : '';
}
const isReference = (t: string, at: number) => REFERENCES.has(wordBefore(t, at));

const CURRENCY = /(?:npr|usd|eur|gbp|inr|pkr|xof|fcfa|cfa|rub|€|\$|£|₹|₽|rupees?|dollars?|euros?|francs?|pesos?|roupies?|руб|دولار|يورو|جنيه|ريال|درهم)/u;

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
    // An unbroken run is a phone number only with a trunk 0 (0612345678) or a phone word before it.
    const trunk = /^0\d{8,11}$/.test(s);
    if (!intl && groups.length < 2 && !trunk && !PHONE_WORDS.some((w) => wordBefore(t, start).startsWith(w))) return null;
    if (groups.every(isYear)) return null; // 2019-2021
    if (/^\d{1,2}[-. /]\d{1,2}[-. /]\d{4}$|^\d{4}[-. /]\d{1,2}[-. /]\d{1,2}$/.test(s)) return null; // a date
    const around = cueBefore(t, start, 12) + t.slice(start + s.length, start + s.length + 12).toLowerCase();
    if (!intl && /^\d{1,3}(?:[ .]\d{3}){1,4}$/.test(s) && ((groups[0]?.length ?? 0) < 3 || CURRENCY.test(around))) return null; // 15 000 000 FCFA
    if (isReference(t, start) || isIsbn13(digits)) return null;
    return { kind: 'phone', start, end: start + s.length };
  });
}

/* ---------- e-mail ---------- */

// Anything e-mail-like around an @; code trims trailing punctuation and checks the domain.
// Commas, semicolons and quotes of every script end an address: "a@b.com، فكيف", "«a@b.ru»".
const EMAIL = /[^\s@<>()[\]{}"'’,;:،؛«»，；]{1,64}@[^\s@<>()[\]{}"'’,;:/،؛«»，；]{3,255}/gu;

function emails(t: string): Span[] {
  return scan(EMAIL, t, (m) => {
    const s = m[0].replace(/[.!?؟。！？]+$/u, '');
    const [local = '', domain = ''] = s.split('@');
    const labels = domain.split('.');
    const tld = labels[labels.length - 1] ?? '';
    const ok = /[\p{L}\p{N}]$/u.test(local) && labels.length >= 2 && labels.every((l) => l.length > 0 && l.length <= 63) && tld.length >= 2 && !/[^\p{L}]/u.test(tld);
    return ok ? { kind: 'email', start: m.index, end: m.index + s.length } : null;
  });
}

/* ---------- passport and identity numbers ---------- */

const ID_CUE = String.raw`(?:${words(['passports?', 'passeports?', 'pasaportes?', 'паспорт[а-яё]{0,3}', 'national ID', 'identity card', 'carte d[\'’]identité', 'c[ée]dula', 'удостоверени[а-яё]{0,3}', 'documento de identidad', 'документ[а-яё]{0,2}'])}|ID(?:\s{1,2}card)?|I\.D\.|CNIC|CNI|DNI|NIE|NIC|NID|و?(?:ب|ل)?(?:جواز(?:\s{1,2}(?:ال)?سفر)?|(?:ال)?هوية|بطاقة))`;
const ID_CODE = String.raw`[A-Z0-9А-ЯЁ](?:[A-Z0-9А-ЯЁ]|[ .\-](?=[A-Z0-9А-ЯЁ])){5,19}`;
const CUED_ID = new RegExp(String.raw`${WS}${ID_CUE}${WE}${GAP}(${ID_CODE})`, 'gu');
const CNIC = /(?<![\d-])\d{5}-\d{7}-\d(?![\d-])/gu;
const PASSPORT_SHAPE = new RegExp(`${WS}(?<![./-])[A-Z]{1,2}\\d{6,8}${WE}(?![/-])`, 'gu');

function ids(t: string): Span[] {
  const cued = scan(CUED_ID, t, (m) => {
    const s = m.index + m[0].length - (m[1]?.length ?? 0);
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
    isReference(t, m.index) ? null : { kind: 'passport_or_id', start: m.index, end: m.index + m[0].length },
  );
  return [...cued, ...cnic, ...shaped];
}

/* ---------- street addresses ---------- */

const STREET_WORDS = ['street', 'road', 'avenue', 'lane', 'boulevard', 'rue', 'allée', 'impasse', 'chemin', 'calle', 'avenida', 'carrera', 'улица', 'проспект', 'переулок', 'шоссе', 'бульвар'];
const STREET_ABBR = String.raw`(?:${words(['st', 'rd', 'ave', 'av', 'blvd', 'ln', 'cl', 'cra', 'ул', 'пр', 'просп', 'пер'])})\.|пр-т|شارع`;
const STREET_ANY = `(?:${words(STREET_WORDS)}|${STREET_ABBR})`;
// Street words that may start an address ("Calle Mayor 5") must be capitalised in Latin script:
// "the road 5 km on" is not an address. "St." is left out: it is also "Saint".
const STREET_FIRST = String.raw`(?:Street|Road|Avenue|Lane|Boulevard|Rue|Calle|Avenida|Carrera|Av\.|Cra\.|Cl\.|Blvd\.|${words(['улица', 'проспект', 'переулок', 'шоссе', 'бульвар'])}|(?:${words(['ул', 'пр', 'просп', 'пер'])})\.|пр-т|شارع)`;
const END_OF_WORD = String.raw`(?![^\s\d,.;:()#№])`;
// One word of a street name; code checks that it looks like part of a name.
const TOKEN = String.raw`(?:[^\s\d,.;:()#№،؛]{1,25}|\d{1,5})`;
const NUMBER_MARK = String.raw`(?:No\.?|n[°º]|№|#|д\.|дом|رقم)`;
const HOUSE_NO = String.raw`\d{1,5}(?:[A-Za-zА-Яа-я]${END_OF_WORD})?`;
const ADDRESS = [
  // 12 Rue de la Paix; 14 شارع الجمهورية
  String.raw`${WS}(?<no>${HOUSE_NO})(?:\s{1,2}(?:bis|ter))?,?\s{1,2}${STREET_ANY}${END_OF_WORD}(?<after>(?:\s{1,2}${TOKEN}){1,5})`,
  // 221B Baker Street
  String.raw`${WS}(?<no>${HOUSE_NO})\s{1,2}(?<named>(?:${TOKEN}\s{1,2}){1,3})${STREET_ANY}${END_OF_WORD}`,
  // Calle 45 #12-30; ул. Ленина, д. 5; شارع الجمهورية 14; Ленинский проспект, 45
  String.raw`${WS}(?<lead>${TOKEN}\s{1,2})?${STREET_FIRST}${END_OF_WORD}(?<inner>(?:\s{1,2}${TOKEN}){0,4})[\s,،]{1,3}(?<mark>${NUMBER_MARK}\s{0,2})?(?<no>${HOUSE_NO})(?:\s?[-/]\s?\d{1,5})?${END_OF_WORD}`,
].map((src) => new RegExp(src, 'gu'));
const HOUSE_BEFORE = new RegExp(
  String.raw`(?:${words(['house', 'flat', 'apt', 'apartment', 'plot', 'building', 'bldg', 'maison', 'casa', 'apto', 'apartamento', 'дом', 'кв'])}|منزل|شقة)\.?\s{0,2}${NUMBER_MARK}?\s{0,2}\d{1,5}[A-Za-z]?\s{0,2}[,،]?\s{1,2}$`,
  'u',
);
const UNIT_AFTER = new RegExp(
  String.raw`^(?:\s{0,2}[,،]?\s{0,2}(?:кв\.|квартира|корп\.|корпус|стр\.|${words(['apt', 'flat', 'apartment', 'appt', 'piso', 'apto', 'house'])}\.?|شقة|${NUMBER_MARK})\s{0,2}\d{1,5}[A-Za-zА-Яа-я]?){1,2}`,
  'u',
);
const STREET_PARTICLES = new Set(['de', 'del', 'des', 'du', 'la', 'le', 'las', 'los', 'the', 'of', 'y', 'et']);
const isStreetName = (w: string) => /^(?:\p{Lu}|[\u0620-\u06FF]|d['’]\p{Lu})/u.test(w);
const isStreetToken = (w: string) => isStreetName(w) || /^\d/.test(w) || STREET_PARTICLES.has(w);

function addresses(t: string): Span[] {
  return ADDRESS.flatMap((re) =>
    scan(re, t, (m) => {
      const g = m.groups ?? {};
      // "In 2019 Oxford Street", "the Road Map 2030": a bare year is not a house number.
      if (!g.mark && isYear(g.no ?? '')) return null;
      let start = m.index;
      let end = m.index + m[0].length;
      // A capitalised word before the street word is its name ("Ленинский проспект"); "on Calle Mayor 5" or "في شارع …" is not.
      if (g.lead !== undefined && !/^\p{Lu}/u.test(g.lead)) start += g.lead.length;
      const inner = (g.inner ?? g.named ?? '').split(/\s+/u).filter(Boolean);
      if (!inner.every(isStreetToken) || (g.named !== undefined && !inner.some(isStreetName))) return null;
      if (g.after !== undefined) {
        // "12 rue de la Paix où elle vivait": keep the name, drop what follows it.
        const ws = [...g.after.matchAll(/\S+/gu)];
        let keep = 0;
        while (keep < ws.length && isStreetToken(ws[keep]![0])) keep++;
        while (keep > 0 && STREET_PARTICLES.has(ws[keep - 1]![0])) keep--;
        const lastKept = ws[keep - 1];
        if (!lastKept || !ws.slice(0, keep).some((w) => isStreetName(w[0]))) return null;
        end = m.index + m[0].length - g.after.length + lastKept.index + lastKept[0].length;
      }
      const house = HOUSE_BEFORE.exec(t.slice(Math.max(0, start - 40), start));
      if (house) start -= house[0].length;
      end += UNIT_AFTER.exec(t.slice(end, end + 40))?.[0].length ?? 0;
      return { kind: 'street_address', start, end };
    }),
  );
}

/* ---------- dates of birth ---------- */

const MONTHS = new Set(
  (
    'january february march april may june july august september october november december jan feb mar apr jun jul aug sept sep oct nov dec ' +
    'janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre janv févr avr juil déc ' +
    'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ene dic ' +
    'января февраля марта апреля мая июня июля августа сентября октября ноября декабря янв фев мар апр июн июл авг сен сент окт ноя дек ' +
    'يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر شباط آذار نيسان أيار حزيران تموز آب أيلول'
  ).split(' ').concat(['كانون الثاني', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول']),
);
// Numeric dates; a written date "12 March 2007", "March 12, 2007", "12 de marzo de 2007", "March
// 2007" whose month word code checks against MONTHS (a month alternation here is slow to compile);
// or a bare year. Matched on lowerCase(t).
const DATE = String.raw`(?<![\d./-])(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2}|(?:\d{1,2}(?:st|nd|rd|th|er|º)?\s{1,2}(?:de\s{1,2})?)?(?<month>[^\s\d.,]{3,12}(?:\s{1,2}ال[^\s\d.,]{2,8})?)\.?(?:\s{1,2}\d{1,2}(?:st|nd|rd|th)?)?,?\s{1,2}(?:de\s{1,2}|del\s{1,2})?\d{4}|\d{4})(?!\d)(?:\s{0,2}(?:г\.|года|г)(?![а-яё]))?`;
const DATE_RE = new RegExp(DATE, 'gu');
const DATE_THEN_CUE = new RegExp(String.raw`(${DATE})\s{0,2}(?:г\.\s?р\.|года\s{1,2}рождения|\((?:dob|born)\))`, 'gu');
const BIRTH_CUE = new RegExp(
  String.raw`${WS}(?:born|dob|d\.o\.b\.?|date\s{1,2}of\s{1,2}birth|birth\s{0,2}date|birthday|née?|nacid[oa]|fecha\s{1,2}de\s{1,2}nacimiento|f\.\s?nac\.?|родил(?:ся|ась)|дата\s{1,2}рождения|д\.\s?р\.|день\s{1,2}рождения|[وف]?(?:من\s{1,2})?(?:مواليد|تاريخ\s{1,2}(?:ال)?ميلاد(?:ه|ها)?|ولدت|ولد|مولودة?))${WE}`,
  'gu',
);
const CUE_TO_DATE = new RegExp(`^${GAP}$`, 'u');

function plausibleDate(m: RegExpExecArray): boolean {
  const month = m.groups?.month;
  if (month !== undefined && !MONTHS.has(month.replace(/\s+/gu, ' '))) return false;
  const d = m[0];
  const nums = (d.match(/\d+/g) ?? []).map(Number);
  const year = nums.find((n) => n >= 100);
  if (year !== undefined && (year < 1900 || year > 2099)) return false;
  if (nums.length === 3) {
    const [a = 0, b = 0] = /^\d{4}/.test(d) ? [nums[2], nums[1]] : nums;
    return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
  }
  return nums.every((n) => n >= 1 && (n <= 31 || n >= 1900));
}

/** The first plausible date within a few words after a birth cue ending at `from`. */
function dateAfter(lower: string, from: number): Span | null {
  // A bounded window keeps a text full of cues and no dates linear.
  const window = lower.slice(from, from + 100);
  const re = new RegExp(DATE_RE);
  for (let m = re.exec(window); m && m.index <= 70; m = re.exec(window)) {
    if (plausibleDate(m) && CUE_TO_DATE.test(window.slice(0, m.index))) return { kind: 'date_of_birth', start: from + m.index, end: from + m.index + m[0].length };
    re.lastIndex = nextIndex(window, m.index);
  }
  return null;
}

function birthDates(t: string): Span[] {
  const lower = lowerCase(t);
  const cued = scan(BIRTH_CUE, lower, (m) => dateAfter(lower, m.index + m[0].length));
  const suffixed = scan(DATE_THEN_CUE, lower, (m) => {
    const date = new RegExp(DATE, 'u').exec(m[1] ?? '');
    return date && plausibleDate(date) ? { kind: 'date_of_birth', start: m.index, end: m.index + (m[1]?.length ?? 0) } : null;
  });
  return [...cued, ...suffixed];
}

/* ---------- IBAN and card numbers ---------- */

const IBAN = new RegExp(`${WS}[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)${WE}`, 'gu');
// Solid 13–19 digits, or grouped 4-4-4-(1–4)[-(1–3)] and Amex 4-6-(4–5): never "1 1 1 1 …".
const CARD = /(?<!\d)(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2}[ -]\d{1,4}(?:[ -]\d{1,3})?|\d{4}[ -]\d{6}[ -]\d{4,5})(?!\d)/gu;

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
  const cards = scan(CARD, t, (m) => (luhn(m[0].replace(/\D/g, '')) ? { kind: 'iban_or_card', start: m.index, end: m.index + m[0].length } : null));
  return [...ibans, ...cards];
}
