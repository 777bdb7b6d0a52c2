import { rmSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, trainerQualifications } from '../../db/schema';
import { publishReleases } from '../../worker/assessments/releases';
import { buildCartridge } from '../../worker/interop/cartridge/build';
import { PROFILES } from '../../worker/interop/cartridge/profile';
import { CARTRIDGE_STRINGS } from '../../worker/interop/cartridge/strings';
import type { CourseIndex } from '../../worker/content/types';
import { expectError, ORIGIN, type Person } from '../helpers/client';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { freshApps, type NodeApp } from '../helpers/node-app';
import { all, one, parseXml, walk, type XmlElement } from '../helpers/xml';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const decoder = new TextDecoder();
const index = JSON.parse(decoder.decode(built.output.public.get('index.json'))) as CourseIndex;
const sample = index.courses.find((c) => c.id === 'sample')!;

const NS = {
  '1.3': { cp: 'http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1', lomimscc: 'http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest', lom: 'http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource', v: 'v1p3' },
  '1.1': { cp: 'http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1', lomimscc: 'http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest', lom: 'http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource', v: 'v1p1' },
} as const;
const QTI = 'http://www.imsglobal.org/xsd/ims_qtiasiv1p2';

async function academy() {
  const app = await setup({ content: built.source });
  await publishReleases(app.t.db, [fixtureRelease(built)], app.t.now());
  const admin = await app.world.signIn('academy.admin');
  const institutionId = (await admin.get('/api/me')).body.memberships[0].institutionId as string;
  return { ...app, admin, institutionId };
}

/** The raw response: the zip is binary, so not through Person.call, which reads text. */
async function download(t: NodeApp, person: Person, path: string) {
  const res = await t.fetcher(new Request(`${ORIGIN}${path}`, { headers: { cookie: person.cookie ?? '', origin: ORIGIN } }));
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function exported(t: NodeApp, person: Person, query: string) {
  const { res, bytes } = await download(t, person, `/api/courses/sample/cartridge?${query}`);
  expect(res.status, decoder.decode(bytes.slice(0, 400))).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cascade-sample-1\.2\.0-[a-z]{2}(-summative)?-cc1[13]\.imscc"$/);
  const files = unzipSync(bytes);
  return { files, bytes, text: (path: string) => decoder.decode(files[path]) };
}

const attr = (el: XmlElement, name: string) => el.attrs[name];
/** A qtimetadata field's entry, from an assessment's or an item's metadata. */
const field = (metadata: XmlElement, label: string) =>
  all(metadata, 'qtimetadatafield').find((f) => one(f, 'fieldlabel').text === label)?.children.find((c) => c.local === 'fieldentry')?.text;
const fieldOf = (item: XmlElement, label: string) => field(one(item, 'itemmetadata', 'qtimetadata'), label);

/**
 * The IMS Common Cartridge structure: root and namespaces, schema and version, LOM, one
 * rooted-hierarchy organization whose items all point at resources that exist, unique
 * identifiers, known resource types, and every file named by a resource present in the zip
 * (and no file in the zip that no resource names). Returns the parsed manifest.
 */
function checkManifest(files: Record<string, Uint8Array>, cc: '1.3' | '1.1') {
  const ns = NS[cc];
  const manifest = parseXml(decoder.decode(files['imsmanifest.xml']));
  expect(manifest.local).toBe('manifest');
  expect(manifest.ns).toBe(ns.cp);
  expect(attr(manifest, 'xmlns:lomimscc')).toBe(ns.lomimscc);
  expect(attr(manifest, 'xmlns:lom')).toBe(ns.lom);
  for (const n of [ns.cp, ns.lomimscc, ns.lom]) expect(attr(manifest, 'xsi:schemaLocation')).toContain(n);
  expect(one(manifest, 'metadata', 'schema').text).toBe('IMS Common Cartridge');
  expect(one(manifest, 'metadata', 'schemaversion').text).toBe(`${cc}.0`);
  const lom = one(manifest, 'metadata', 'lom');
  expect(lom.ns).toBe(ns.lomimscc);

  const ids = [...walk(manifest)].map((e) => attr(e, 'identifier')).filter(Boolean);
  expect(new Set(ids).size, 'identifiers are unique').toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);

  const types = new Set(['webcontent', `imsqti_xmlv1p2/imscc_xml${ns.v}/assessment`, `imsqti_xmlv1p2/imscc_xml${ns.v}/question-bank`]);
  const resources = new Map(all(manifest, 'resources', 'resource').map((r) => [attr(r, 'identifier')!, r]));
  const named = new Set<string>();
  for (const [id, r] of resources) {
    expect(types, `${id} type`).toContain(attr(r, 'type'));
    const fileHrefs = all(r, 'file').map((f) => attr(f, 'href')!);
    expect(fileHrefs.length, `${id} has files`).toBeGreaterThan(0);
    for (const href of fileHrefs) {
      expect(files[href], `${href} of ${id} is in the zip`).toBeDefined();
      named.add(href);
    }
    const href = attr(r, 'href');
    if (attr(r, 'type') === 'webcontent') {
      if (href) expect(fileHrefs).toContain(href);
    } else {
      expect(href, `${id}: a QTI resource has no href`).toBeUndefined();
      expect(fileHrefs).toHaveLength(1);
      expect(fileHrefs[0]!.startsWith(`${id}/`), `${id}: its file is in its own folder`).toBe(true);
    }
    for (const d of all(r, 'dependency')) expect(resources.has(attr(d, 'identifierref')!)).toBe(true);
  }
  expect(Object.keys(files).filter((f) => !named.has(f) && f !== 'imsmanifest.xml'), 'files no resource names').toEqual([]);

  const organization = one(manifest, 'organizations', 'organization');
  expect(attr(organization, 'structure')).toBe('rooted-hierarchy');
  const root = one(organization, 'item');
  expect(attr(root, 'identifierref')).toBeUndefined();
  const modules = all(root, 'item');
  expect(modules.length).toBeGreaterThan(1);
  const referenced = new Set<string>();
  for (const mod of modules) {
    expect(one(mod, 'title').text.length).toBeGreaterThan(0);
    expect(attr(mod, 'identifierref')).toBeUndefined();
    for (const leaf of all(mod, 'item')) {
      const ref = attr(leaf, 'identifierref')!;
      expect(resources.has(ref), `item ${attr(leaf, 'identifier')} points at resource ${ref}`).toBe(true);
      expect(one(leaf, 'title').text.length).toBeGreaterThan(0);
      referenced.add(ref);
    }
  }
  // A question bank is never placed in the organization: LMSs take it from the resources.
  for (const [id, r] of resources) if (attr(r, 'type')!.endsWith('question-bank')) expect(referenced.has(id)).toBe(false);
  return { manifest, lom, resources, modules };
}

const QTI_PROFILES = new Set(['cc.multiple_choice.v0p1', 'cc.multiple_response.v0p1', 'cc.true_false.v0p1', 'cc.essay.v0p1']);

/**
 * Each QTI item parses and has what an importer needs: a known cc_profile, a choice
 * interaction (response_lid/render_choice, unique labels) whose SCORE=100 condition names
 * existing labels (all correct ones, case="Yes"), feedback links that resolve; or an essay's
 * response_str. Returns the correct labels by item ident.
 */
function checkQti(xml: string, idents: Set<string>) {
  const doc = parseXml(xml);
  expect(doc.local).toBe('questestinterop');
  expect(doc.ns).toBe(QTI);
  const container = doc.children[0]!;
  const items = container.local === 'assessment' ? all(container, 'section', 'item') : all(container, 'item');
  expect(['assessment', 'objectbank']).toContain(container.local);
  if (container.local === 'assessment') expect(field(one(container, 'qtimetadata'), 'cc_profile')).toBe('cc.exam.v0p1');
  expect(items.length).toBeGreaterThan(0);
  const keys = new Map<string, { profile: string; correct: string[] }>();
  for (const item of items) {
    const ident = attr(item, 'ident')!;
    expect(idents.has(ident), `item ident ${ident} is unique`).toBe(false);
    idents.add(ident);
    const profile = fieldOf(item, 'cc_profile')!;
    expect(QTI_PROFILES, `${ident} profile`).toContain(profile);
    expect(Number(fieldOf(item, 'cc_weighting'))).toBeGreaterThan(0);
    const presentation = one(item, 'presentation');
    expect(one(presentation, 'material', 'mattext').text.trim().length).toBeGreaterThan(0);
    const feedbackIds = new Set(all(item, 'itemfeedback').map((f) => attr(f, 'ident')));
    for (const show of all(item, 'resprocessing', 'respcondition', 'displayfeedback')) expect(feedbackIds.has(attr(show, 'linkrefid'))).toBe(true);
    for (const f of all(item, 'itemfeedback')) expect(one(f, 'flow_mat', 'material', 'mattext').text.length).toBeGreaterThan(0);
    if (profile === 'cc.essay.v0p1') {
      expect(one(presentation, 'response_str', 'render_fib')).toBeDefined();
      keys.set(ident, { profile, correct: [] });
      continue;
    }
    const lid = one(presentation, 'response_lid');
    expect(attr(lid, 'rcardinality')).toBe(profile === 'cc.multiple_response.v0p1' ? 'Multiple' : 'Single');
    const labels = all(lid, 'render_choice', 'response_label').map((l) => attr(l, 'ident')!);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(labels).size).toBe(labels.length);
    if (profile === 'cc.true_false.v0p1') expect([...labels].sort()).toEqual(['false', 'true']);
    const scoring = all(item, 'resprocessing', 'respcondition').filter((rc) => all(rc, 'setvar').some((s) => attr(s, 'varname') === 'SCORE' && s.text === '100'));
    expect(scoring, `${ident} has one SCORE=100 condition`).toHaveLength(1);
    const conditions = one(scoring[0]!, 'conditionvar');
    const direct = profile === 'cc.multiple_response.v0p1' ? one(conditions, 'and') : conditions;
    const correct = all(direct, 'varequal').map((v) => v.text);
    const excluded = all(direct, 'not', 'varequal').map((v) => v.text);
    for (const v of [...all(direct, 'varequal'), ...all(direct, 'not', 'varequal')]) {
      expect(attr(v, 'respident')).toBe(attr(lid, 'ident'));
      expect(attr(v, 'case')).toBe('Yes');
    }
    expect(correct.length).toBeGreaterThan(0);
    if (profile !== 'cc.multiple_response.v0p1') expect(correct).toHaveLength(1);
    else expect([...correct, ...excluded].sort()).toEqual([...labels].sort());
    for (const c of correct) expect(labels).toContain(c);
    keys.set(ident, { profile, correct });
  }
  return keys;
}

const lessonJson = (id: string, locale: string) =>
  JSON.parse(decoder.decode(built.output.public.get(sample.locales[locale as 'en'].lessons.find((l) => l.id === id)!.path)));

describe('course cartridge: content', () => {
  it('exports lessons as linked web pages and checks as QTI, in a valid CC 1.3 manifest, without the summative pool', async () => {
    const { t, admin, institutionId } = await academy();
    const started = performance.now();
    const { files, bytes, text } = await exported(t, admin, `institutionId=${institutionId}`);
    const ms = performance.now() - started;
    const { lom, resources, modules } = checkManifest(files, '1.3');

    expect(one(lom, 'general', 'title', 'string').text).toBe('Sample course for pipeline tests');
    expect(one(lom, 'general', 'language').text).toBe('en');
    expect(one(lom, 'general', 'identifier', 'entry').text).toBe('sample@1.2.0');
    expect(one(lom, 'general', 'description', 'string').text).toBe('A tiny course that exercises every part of the content format. (Version 1.2.0)');
    // The CC manifest profile of LOM: no lifeCycle version, vocabularies as a bare value.
    expect(all(lom, 'lifeCycle')).toEqual([]);
    expect(all(lom, 'rights', 'copyrightAndOtherRestrictions').map((c) => c.children.map((x) => `${x.local}=${x.text}`))).toEqual([['value=yes']]);
    expect(one(lom, 'rights', 'description', 'string').text).toMatch(/licen[cs]e/i);
    const citations = all(lom, 'relation');
    expect(citations.map((r) => one(r, 'kind').children.map((x) => `${x.local}=${x.text}`))).toEqual([['value=references']]);
    expect(one(citations[0]!, 'resource', 'identifier', 'entry').text).toBe('https://www.fatf-gafi.org/en/publications/Fatfrecommendations/Fatf-recommendations.html');
    expect(one(citations[0]!, 'resource', 'description', 'string').text).toContain('The FATF Recommendations');

    // One module per lesson, in study order, each with its page and its check.
    expect(modules.map((m) => one(m, 'title').text)).toEqual(['About this course', '1. First steps', '2. Tracing through remittances']);
    expect(all(modules[1]!, 'item').map((i) => attr(i, 'identifierref'))).toEqual(['res-lesson-first-steps', 'res-check-first-steps']);

    const page = text('web_resources/lessons/first-steps.html');
    expect(page).toContain('<html lang="en" dir="ltr">');
    expect(page).toContain('Open a financial line of inquiry on day one');
    expect(page).toContain('<a href="tracing.html">the next lesson</a>');
    expect(page).toContain('href="https://www.fatf-gafi.org/en/publications/Fatfrecommendations/Fatf-recommendations.html"');
    expect(page).toContain('The FATF Recommendations</a>. Financial Action Task Force, 2012.');
    const image = /src="\.\.\/media\/([^"]+)"/.exec(page)?.[1];
    expect(image).toMatch(/^flow\.[0-9a-f]+\.svg$/);
    expect(decoder.decode(files[`web_resources/media/${image}`])).toContain('<svg');
    expect(all(resources.get('res-lesson-first-steps')!, 'dependency').map((d) => attr(d, 'identifierref'))).toEqual(['res-media']);
    // Self-contained: no page links back to the server.
    for (const [path, data] of Object.entries(files)) {
      if (path.endsWith('.html')) expect(decoder.decode(data), path).not.toMatch(/(href|src)="\//);
    }
    expect(text('web_resources/index.html')).toContain('<a href="lessons/tracing.html">Tracing through remittances</a>');
    expect(text('web_resources/glossary.html')).toContain('<dl>');

    // Each check's answer key is the lesson's own.
    const idents = new Set<string>();
    for (const lesson of ['first-steps', 'tracing']) {
      const keys = checkQti(text(`res-check-${lesson}/assessment_qti.xml`), idents);
      for (const q of lessonJson(lesson, 'en').checks) {
        expect(keys.get(`${lesson}-${q.id}`)?.correct.sort()).toEqual(q.options.filter((o: { correct?: boolean }) => o.correct).map((o: { id: string }) => o.id).sort());
      }
    }
    expect(keys(files).some((f) => f.includes('question'))).toBe(false);
    for (const data of Object.values(files)) expect(decoder.decode(data)).not.toContain('SECRET-');
    console.log(`cartridge (CC 1.3, en, no summative): ${bytes.length} bytes zipped, ${Object.keys(files).length} files, ${Math.round(ms)} ms`);
  });

  it('exports in French with the untranslated lesson flagged in English, and as CC 1.1 for Moodle', async () => {
    const { t, admin, institutionId } = await academy();
    const { files, text } = await exported(t, admin, `institutionId=${institutionId}&lang=fr&cc=1.1`);
    const { lom, modules } = checkManifest(files, '1.1');
    expect(one(lom, 'general', 'language').text).toBe('fr');
    expect(modules.map((m) => one(m, 'title').text)[0]).toBe('À propos de ce cours');
    const french = lessonJson('first-steps', 'fr');
    expect(text('web_resources/lessons/first-steps.html')).toContain('<html lang="fr" dir="ltr">');
    expect(text('web_resources/lessons/first-steps.html')).toContain(french.title);
    const tracing = text('web_resources/lessons/tracing.html');
    expect(tracing).toContain('<html lang="en" dir="ltr">');
    expect(tracing).toContain('Cette leçon n’est pas encore traduite');
    const keys = checkQti(text('res-check-first-steps/assessment_qti.xml'), new Set());
    expect(text('res-check-first-steps/assessment_qti.xml')).toContain(french.checks[0].prompt.slice(0, 20));
    expect(keys.size).toBe(french.checks.length);
  });
});

describe('course cartridge: the summative pool', () => {
  it('goes to an admin of an institution that adopted the version and has a certified trainer, as a question bank, and is audited', async () => {
    const { t, admin, institutionId } = await academy();
    const refused = await admin.get(`/api/courses/sample/cartridge?institutionId=${institutionId}&include=summative`);
    expect(expectError(refused, 403, 'summative_not_allowed').message).toMatch(/has not recorded its adoption of "sample" version 1\.2\.0/);

    const adopted = await admin.post(`/api/institutions/${institutionId}/adoptions`, { courseId: 'sample', courseVersion: '1.2.0', programme: 'Basic police training', year: 2027 });
    expect(adopted.status).toBe(201);
    const { files, text } = await exported(t, admin, `institutionId=${institutionId}&include=summative`);
    const { resources, modules } = checkManifest(files, '1.3');
    const bank = resources.get('res-question-bank')!;
    expect(attr(bank, 'type')).toBe('imsqti_xmlv1p2/imscc_xmlv1p3/question-bank');
    const keys = checkQti(text('res-question-bank/question_bank.xml'), new Set());
    expect([...keys.keys()]).toEqual(['summative-s1', 'summative-s2', 'summative-s3', 'summative-s6-s6a', 'summative-s6-s6b']);
    const release = fixtureRelease(built);
    expect(keys.get('summative-s1')).toEqual({ profile: 'cc.multiple_choice.v0p1', correct: ['a'] });
    expect(keys.get('summative-s3')).toEqual({ profile: 'cc.true_false.v0p1', correct: ['true'] });
    expect(keys.get('summative-s6-s6a')?.profile).toBe('cc.essay.v0p1');
    const bankXml = text('res-question-bank/question_bank.xml');
    expect(bankXml).toContain('SECRET-VIGNETTE-S6');
    expect(bankXml).toContain('SECRET-GUIDE-S6A');

    // What QTI cannot carry is on the instructors' page with its answers, hidden from learners.
    const rules = text('web_resources/instructor/exam-rules.html');
    expect(rules).toContain('SECRET-PROMPT-S4');
    expect(rules).toMatch(/<ol>\n<li>Identify assets<\/li>\n<li>Freeze them<\/li>\n<li>Confiscate after judgment<\/li>\n<\/ol>/);
    expect(rules).toContain('Wire transfer → Bank');
    expect(rules).toContain(`Questions drawn per attempt: ${release.certificate.summative.draw}`);
    expect(rules).toContain('Practical assessment rubric');
    const role = one(resources.get('res-exam-rules')!, 'metadata', 'lom', 'educational', 'intendedEndUserRole');
    expect(role.ns).toBe(NS['1.3'].lom);
    expect(one(role, 'value').text).toBe('Instructor');
    expect(one(modules.at(-1)!, 'title').text).toBe('Summative assessment (instructors only)');

    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'course.summative_exported'));
    expect(row).toMatchObject({ institutionId, subjectType: 'course', subjectId: 'sample@1.2.0' });
    expect(row!.detail).toMatchObject({ lang: 'en', cc: '1.3', items: 5, byHand: ['s4', 's5'] });
  });

  it('is refused with the reason when the institution has no active certified trainer of the course', async () => {
    const { t, admin, institutionId } = await academy();
    await admin.post(`/api/institutions/${institutionId}/adoptions`, { courseId: 'sample', courseVersion: '1.2.0', programme: 'Basic police training', year: 2027 });
    await t.db
      .update(trainerQualifications)
      .set({ status: 'suspended', statusReason: 'Test', statusChangedAt: t.now() })
      .where(and(eq(trainerQualifications.courseId, 'sample'), eq(trainerQualifications.institutionId, institutionId)));
    const res = await admin.get(`/api/courses/sample/cartridge?institutionId=${institutionId}&include=summative`);
    expect(expectError(res, 403, 'summative_not_allowed').message).toMatch(/no active certified or master trainer of "sample"/);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'course.summative_exported'))).toEqual([]);
  });

  it('is refused to trainers and learners, and given to the programme admin without an institution', async () => {
    const { t, world, institutionId } = await academy();
    for (const who of ['trainer', 'learner']) {
      const res = await (await world.signIn(who)).get(`/api/courses/sample/cartridge?institutionId=${institutionId}&include=summative`);
      expectError(res, 403, 'forbidden');
    }
    const programme = await world.signIn('programme.admin');
    const { files } = await exported(t, programme, 'include=summative');
    expect(files['res-question-bank/question_bank.xml']).toBeDefined();
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'course.summative_exported'));
    expect(row?.institutionId).toBeNull();
  });
});

describe('course cartridge: errors', () => {
  it('names what is wrong: course, version, language, institution', async () => {
    const { t, world, admin, institutionId } = await academy();
    const q = `institutionId=${institutionId}`;
    expectError(await admin.get(`/api/courses/no-such-course/cartridge?${q}`), 404, 'not_found');
    expect(expectError(await admin.get(`/api/courses/sample/cartridge?${q}&version=9.9.9`), 404, 'not_found').message).toMatch(/Version 9\.9\.9 .* This server has version 1\.2\.0/);
    await publishReleases(t.db, [{ ...fixtureRelease(built), version: '1.1.0', contentHash: 'older' }], t.now());
    expect(expectError(await admin.get(`/api/courses/sample/cartridge?${q}&version=1.1.0`), 409, 'version_not_on_server').message).toContain('1.1.0');
    expect(expectError(await admin.get(`/api/courses/sample/cartridge?${q}&lang=ru`), 404, 'language_not_available').message).toMatch(/Russian.*English \(en\), French \(fr\)/);
    expect(expectError(await admin.get(`/api/courses/sample/cartridge?${q}&lang=xx`), 400, 'validation_failed').fields).toHaveProperty('query.lang');
    expect(expectError(await admin.get(`/api/courses/sample/cartridge?${q}&cc=1.2`), 400, 'validation_failed').fields).toHaveProperty('query.cc');
    expect(expectError(await admin.get('/api/courses/sample/cartridge'), 400, 'validation_failed').fields).toHaveProperty('query.institutionId');
    expectError(await admin.get(`/api/courses/sample/cartridge?${q}&include=everything`), 400, 'validation_failed');
    expectError(await world.anonymous().get(`/api/courses/sample/cartridge?${q}`), 401, 'unauthenticated');
  });
});

describe('course cartridge: building', () => {
  it('escapes course text in every file, so it never becomes markup', () => {
    const nasty = 'A & B < C "q" \'s\' ]]> <script>alert(1)</script>';
    const lesson = lessonJson('tracing', 'en');
    const { files } = buildCartridge({
      profile: PROFILES['1.3'],
      locale: 'en',
      strings: CARTRIDGE_STRINGS,
      course: sample,
      content: {
        lessons: [
          {
            ...lesson,
            fallback: false,
            references: [{ id: 'r', title: nasty, publisher: nasty, year: 2020, url: 'https://example.org/?a=1&b="2"' }],
            checks: [{ id: 'q1', type: 'single', prompt: `${nasty}\nsecond line`, explanation: nasty, options: [{ id: 'a', text: nasty, correct: true, feedback: nasty }, { id: 'b', text: 'Other' }] }],
          },
        ],
        glossary: [{ term: nasty, definition: nasty }],
        media: new Map(),
      },
    });
    const item = one(parseXml(decoder.decode(files.get('res-check-tracing/assessment_qti.xml'))), 'assessment', 'section', 'item');
    expect(one(item, 'presentation', 'material', 'mattext').text).toBe('<p>A &amp; B &lt; C "q" \'s\' ]]&gt; &lt;script&gt;alert(1)&lt;/script&gt;<br>second line</p>');
    expect(all(item, 'presentation', 'response_lid', 'render_choice', 'response_label')[0]!.children[0]!.children[0]!.text).toBe(nasty);
    expect(all(item, 'itemfeedback').map((f) => one(f, 'flow_mat', 'material', 'mattext').text)).toEqual([nasty, nasty]);
    const manifest = parseXml(decoder.decode(files.get('imsmanifest.xml')));
    expect(one(manifest, 'metadata', 'lom', 'relation', 'resource', 'identifier', 'entry').text).toBe('https://example.org/?a=1&b="2"');
    for (const [path, data] of files) {
      if (path.endsWith('.html')) expect(decoder.decode(data), path).not.toContain('<script>');
    }
    expect(decoder.decode(files.get('web_resources/glossary.html'))).toContain('<dt>A &amp; B &lt; C &quot;q&quot;');
  });

  it('the XML checker refuses what is not well-formed', () => {
    const bad = [
      '<a><b></a></b>',
      '<a>x & y</a>',
      '<a>1 < 2</a>',
      '<a x="1" x="2"/>',
      '<a x=1/>',
      '<a>&nbsp;</a>',
      '<a/><b/>',
      '<a>',
      '<p:a/>',
      '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
      '<a><!-- a -- b --></a>',
      '<a>]]></a>',
    ];
    for (const xml of bad) expect(() => parseXml(xml), xml).toThrow(/Not well-formed/);
    const good = parseXml('<?xml version="1.0"?><r xmlns="urn:x" xmlns:p="urn:p"><p:c a="&lt;&#38;&#x41;"/><![CDATA[<raw>]]> t</r>');
    expect(good).toMatchObject({ ns: 'urn:x', local: 'r', text: '<raw> t' });
    expect(good.children[0]).toMatchObject({ ns: 'urn:p', local: 'c', attrs: { a: '<&A' } });
  });
});

const keys = (o: object) => Object.keys(o);
