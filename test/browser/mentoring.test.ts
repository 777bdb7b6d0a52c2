import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ar } from '../../i18n/mentoring/ar';
import { en } from '../../i18n/mentoring/en';
import { es } from '../../i18n/mentoring/es';
import { fr } from '../../i18n/mentoring/fr';
import { ru } from '../../i18n/mentoring/ru';
import { Person } from '../helpers/client';
import { axe } from './axe';
import { openPage, startStack, signIn as signInAs } from './browser';
import { waitForServiceWorker } from './learner';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

/**
 * What every text field gets in these tests: markup and a script link that would set `window.__xss`
 * if anything rendered them as HTML or followed them. The text after it keeps each field long enough.
 */
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>[x](javascript:window.__xss=3)';

/** Signs in as one of the demo people. */
const signIn = (page: Page, username: string) => signInAs(page, username, stack.demo.passwords[username]!);

async function as(username: string) {
  const opened = await openPage(stack.browser, stack.origin);
  opened.page.setDefaultTimeout(15_000);
  await signIn(opened.page, username);
  return opened;
}

/** Nothing a person typed became an element or ran: no <img>, <script> or javascript: link in the screen, no flag set. */
async function expectInert(page: Page): Promise<void> {
  const found = await page.evaluate<{ flag: unknown; img: number; script: number; js: number }>(`({
    flag: window.__xss,
    img: document.querySelectorAll('main img').length,
    script: document.querySelectorAll('main script').length,
    js: [...document.querySelectorAll('main a[href]')].filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
  })`);
  expect(found).toEqual({ flag: undefined, img: 0, script: 0, js: 0 });
}

/** axe finds nothing on the screen, and its typed text is inert. */
async function checkScreen(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  expect(await axe(page)).toEqual([]);
  await expectInert(page);
}

const go = async (page: Page, link: string | RegExp) => {
  await page.getByRole('link', { name: link }).first().click();
};

const count = async (sql: string, ...args: string[]) => Number((await stack.client.execute({ sql, args })).rows[0]![0]);

describe('mentoring', () => {
  test('a mentee finds the mentor through matching, the agreement runs through two sessions to closure, both give feedback', async () => {
    const mentee = await as('learner');
    const mentor = await as('mentor');
    const { page } = mentee;
    try {
      await page.getByRole('navigation').getByRole('link', { name: 'Mentoring' }).click();
      await page.getByRole('heading', { name: 'Mentoring and community', level: 1 }).waitFor();
      await checkScreen(page);
      await go(page, 'Find a mentor');
      await page.getByRole('heading', { name: 'Find a mentor', level: 1 }).waitFor();
      await page.getByLabel('What you need from a mentor').fill(`Building a first case against a recruiter. ${XSS}`);
      await page.getByRole('group', { name: 'Sectors' }).getByLabel('Prosecution').check();
      await page.getByLabel('I would prefer a woman mentor').check();
      await checkScreen(page);
      await page.getByRole('button', { name: 'Show suggestions' }).click();

      const card = page.locator('#suggestions li', { hasText: 'Maya Rai' });
      await card.waitFor();
      // Every reason the matching gave, in words: shared expertise, language, jurisdiction, woman mentor, load.
      expect(await card.locator('.reasons li').allInnerTexts()).toEqual([
        'Shares your expertise: Prosecution',
        'Speaks English',
        'Works in Nepal',
        'A woman mentor, as you asked',
        'Has room: 0 of 3 mentees',
      ]);
      await checkScreen(page);
      await card.getByRole('button', { name: 'Ask Maya Rai to mentor you' }).click();
      await card.getByText('Request sent to Maya Rai.', { exact: false }).waitFor();

      // The mentor sees it in the header's count and on the mentoring page, and accepts with an agreement.
      const m = mentor.page;
      await m.reload();
      await m.locator('#unread-count').waitFor();
      expect(await m.locator('#unread-count').innerText()).toBe('1');
      await m.getByRole('navigation').getByRole('link', { name: 'Mentoring, 1 unread' }).click();
      const request = m.locator('#requests-received li', { hasText: 'Anil Shrestha' });
      await request.waitFor();
      await expect.poll(() => request.locator('.user-text').innerText()).toContain('<script>');
      await checkScreen(m);
      await request.getByRole('button', { name: 'Accept' }).click();
      await request.getByLabel('Goals').fill(`Prepare the first prosecution file. ${XSS}`);
      await request.getByLabel('How often you meet').selectOption('fortnightly');
      await checkScreen(m);
      await request.getByRole('button', { name: 'Accept' }).last().click();
      await m.getByRole('link', { name: 'You mentor Anil Shrestha' }).click();
      await m.locator('#agreement').waitFor();
      expect(await m.locator('#agreement dd[data-status]').innerText()).toBe('Active');
      expect(await m.locator('#agreement').innerText()).toContain('Every two weeks');

      // Two sessions, one logged by each side.
      const log = async (p: Page, minutes: string, notes: string) => {
        await p.locator('#log-session').getByLabel('Duration (minutes)').fill(minutes);
        await p.locator('#log-session').getByLabel('Notes').fill(notes);
        await p.locator('#log-session').getByLabel('Next steps (optional)').fill(`Read the file. ${XSS}`);
        await p.getByRole('button', { name: 'Log the session' }).click();
        await p.locator('#log-session').getByText('Session logged.').waitFor();
      };
      await log(m, '60', `First talk about the case file. ${XSS}`);
      await checkScreen(m);

      await page.goto('/mentoring');
      await page.getByRole('link', { name: 'Maya Rai mentors you' }).click();
      await page.locator('#sessions li').first().waitFor();
      await log(page, '45', `Went through the evidence list. ${XSS}`);
      expect(await page.locator('#sessions li').count()).toBe(2);
      expect(await page.locator('#agreement').innerText()).toContain('1.8 hr');
      await checkScreen(page);

      // The mentee closes with feedback; the mentor adds theirs afterwards.
      await page.locator('#close-mentorship').getByLabel('Your feedback').fill(`Very useful. ${XSS}`);
      await page.getByRole('button', { name: 'Close with my feedback' }).click();
      await page.locator('#closure').getByText(/^Closed on /).waitFor();
      expect(await page.locator('#agreement dd[data-status]').innerText()).toBe('Closed');
      await checkScreen(page);
      await m.reload();
      await m.locator('#close-mentorship').getByLabel('Your feedback').fill(`A committed mentee. ${XSS}`);
      await m.getByRole('button', { name: 'Add my feedback' }).click();
      await m.locator('#closure').getByText('A committed mentee.', { exact: false }).waitFor();
      await checkScreen(m);
      expect(await count("SELECT count(*) FROM mentorships WHERE status = 'closed' AND mentor_feedback IS NOT NULL AND mentee_feedback IS NOT NULL")).toBe(1);

      // Notifications: the mentor's list, then all read and the header's count gone.
      await m.goto('/mentoring/notifications');
      await m.locator('#notifications li').first().waitFor();
      await checkScreen(m);
      await m.getByRole('button', { name: 'Mark all as read' }).click();
      await expect.poll(() => m.locator('#notifications li[data-read="false"]').count()).toBe(0);
      await expect.poll(() => m.locator('#unread-count').count()).toBe(0);
      expect(mentee.problems).toEqual([]);
      expect(mentor.problems).toEqual([]);
    } finally {
      await mentee.close();
      await mentor.close();
    }
  });

  test('a mentor profile is written, waits, and an institution admin approves it', async () => {
    const writer = await as('trainer');
    const admin = await as('academy.admin');
    try {
      const { page } = writer;
      await page.goto('/mentoring/profile');
      await page.getByLabel('Short bio').fill(`Ten years in police investigations. ${XSS}`);
      await page.getByRole('group', { name: 'Sectors' }).getByLabel('Police').check();
      await page.getByRole('group', { name: 'Languages' }).getByLabel('English').check();
      await page.getByLabel('Other languages').fill('ne');
      await page.getByLabel('Jurisdictions').selectOption(['NP']);
      await page.getByLabel("Join the women's network").check();
      await checkScreen(page);
      await page.getByRole('button', { name: 'Save my profile' }).click();
      await page.locator('#profile-status[data-status="pending"]').waitFor();

      const a = admin.page;
      await a.goto('/mentoring/review');
      const item = a.locator('#pending-profiles li[data-user="trainer"]');
      await item.waitFor();
      await checkScreen(a);
      await item.getByRole('button', { name: 'Approve', exact: true }).click();
      await a.getByText('Done: Bikash Thapa is Approved.').waitFor();
      await page.reload();
      await page.locator('#profile-status[data-status="approved"]').waitFor();
      expect(await page.getByLabel('Other languages').inputValue()).toBe('ne');
      await expectInert(page);
    } finally {
      await writer.close();
      await admin.close();
    }
  });
});

describe('the mentor badge', () => {
  test('an institution admin checks a mentor’s record and issues the badge; the mentor sees it on their profile', async () => {
    // A mentorship through to its close, with ten hours logged, by the API: the badge's rule.
    const person = (username: string) => new Person((req) => fetch(req), stack.origin).login(username, stack.demo.passwords[username]!);
    const [learner, maya] = await Promise.all([person('learner'), person('mentor')]);
    const mayaId: string = (await maya.get('/api/me')).body.id;
    const request = await learner.post('/api/mentorships/requests', { mentorId: mayaId, needs: 'Preparing a victim interview for trial.' });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const accepted = await maya.post(`/api/mentorships/requests/${request.body.id}/response`, {
      decision: 'accept',
      agreement: { goals: 'Plan the interview and the support around it.', startsOn: '2026-12-01', cadence: 'weekly' },
    });
    const mentorshipId = accepted.body.mentorshipId;
    await maya.post(`/api/mentorships/${mentorshipId}/sessions`, { heldOn: '2026-12-02', minutes: 600, notes: 'Two days of preparation with the victim-support officer.' });
    await learner.post(`/api/mentorships/${mentorshipId}/close`, { feedback: 'The interview went well.' });

    const admin = await as('academy.admin');
    try {
      await admin.page.goto('/mentoring/review');
      await admin.page.getByRole('button', { name: en.badgeCheck.replace('{name}', 'Maya Rai') }).click();
      await admin.page.getByText(en.badgeEarned).waitFor();
      await checkScreen(admin.page);
      await admin.page.getByRole('button', { name: en.badgeIssue.replace('{name}', 'Maya Rai') }).click();
      await admin.page.getByText(en.badgeHeld).waitFor();
      expect(await count(`SELECT COUNT(*) FROM certificates WHERE learner_id = ? AND course_id = 'mentor' AND status = 'valid'`, mayaId)).toBe(1);
    } finally {
      await admin.close();
    }
    const mentor = await as('mentor');
    try {
      await mentor.page.goto('/mentoring/profile');
      await mentor.page.locator('#mentor-badge').getByText(en.badgeHeld).waitFor();
      await mentor.page.locator('#mentor-badge').getByRole('link', { name: en.badgeSeeCertificates }).click();
      await mentor.page.getByText('Cascade mentor').first().waitFor();
    } finally {
      await mentor.close();
    }
  });
});

describe('case consultations', () => {
  test('a phone number is caught before posting, explained and marked; fixed, it is posted and its mentor reads it', async () => {
    const author = await as('learner');
    const mentor = await as('mentor');
    const { page } = author;
    try {
      await page.goto('/mentoring/consultations');
      await checkScreen(page);
      await page.getByRole('link', { name: 'Ask a new question' }).click();
      await page.getByLabel('Offence').selectOption('trafficking_labour');
      await page.getByLabel('Stage of the case').selectOption('investigation');
      const question = `The recruiter can be reached on +977 984 123 4567 and keeps the workers' passports. How do we freeze his accounts? ${XSS}`;
      await page.getByLabel('Your question').fill(question);
      await page.getByLabel('Maya Rai').check();
      await page.getByLabel('Keep it for').selectOption('30');
      await page.getByRole('button', { name: 'Send' }).click();

      // Caught: the finding is quoted, marked in the text and explained; nothing was stored.
      const findings = page.locator('#findings');
      await findings.waitFor();
      const finding = findings.locator('li[data-kind="phone"]');
      expect(await finding.locator('mark').innerText()).toContain('984 123 4567');
      expect(await finding.locator('.explanation').innerText()).toBe(en['pii.phone']);
      expect(await findings.locator('#screened-text mark').first().innerText()).toContain('984 123 4567');
      expect(await count('SELECT count(*) FROM consultations')).toBe(0);
      await checkScreen(page);

      // Fixed with the placeholder, then posted.
      await finding.getByRole('button', { name: 'Replace with [phone]' }).click();
      expect(await page.getByLabel('Your question').inputValue()).toContain('[phone]');
      await expect.poll(() => findings.count()).toBe(0);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('#retention').waitFor();
      expect(await page.locator('#retention').innerText()).toMatch(/^Deleted automatically on /);
      expect(await page.locator('.question-text').innerText()).toContain('[phone]');
      expect(await page.locator('.question-text').innerText()).not.toContain('4567');
      await checkScreen(page);

      // The chosen mentor opens it from their notification and replies; the author sees who opened it.
      const m = mentor.page;
      await m.goto('/mentoring/notifications');
      await m.getByRole('link', { name: 'A practitioner asked you about a case.' }).click();
      await m.locator('.question-text').waitFor();
      await m.getByLabel('Your reply').fill(`Ask the financial intelligence unit first. ${XSS}`);
      await m.getByRole('button', { name: 'Send the reply' }).click();
      await m.locator('#consultation-replies li').waitFor();
      await checkScreen(m);
      await page.reload();
      await page.locator('#consultation-views li', { hasText: 'Maya Rai' }).first().waitFor();
      expect(author.problems).toEqual([]);
    } finally {
      await author.close();
      await mentor.close();
    }
  });
});

describe('in Arabic', () => {
  test('the screening explains each finding in the person’s language, right to left, with its placeholder', async () => {
    const author = await as('learner');
    const { page } = author;
    try {
      await page.goto('/profile');
      await page.getByLabel('Language').selectOption('ar');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      // A locator, not a string predicate: the page's CSP forbids the eval that one needs.
      await page.locator('html[dir="rtl"]').waitFor({ state: 'attached' });
      await page.goto('/mentoring/consultations/new');
      // The address ends at the Arabic comma, as Arabic text puts it.
      await page.getByLabel(ar.question).fill('تواصل المجنّد مع الضحايا عبر البريد recruiter.x@example.com، فكيف نطلب سجلات الحساب؟');
      await page.getByLabel('Maya Rai').check();
      await page.getByRole('button', { name: ar.post, exact: true }).click();
      const finding = page.locator('#findings li[data-kind="email"]');
      await finding.waitFor();
      expect(await finding.locator('.explanation').innerText()).toBe(ar['pii.email']);
      expect(await finding.locator('mark').innerText()).toBe('recruiter.x@example.com');
      await finding.getByRole('button', { name: `استبدال بـ ${ar['placeholder.email']}` }).click();
      expect(await page.getByLabel(ar.question).inputValue()).toContain(ar['placeholder.email']);
      expect(await axe(page)).toEqual([]);
    } finally {
      // Back to English for the other tests, which sign in as the same person.
      await page.evaluate(`fetch('/api/me', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'en' }) })`);
      await author.close();
    }
  });
});

/** Offline for the page and for its service worker's own requests. */
async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
}

async function goOnline(context: BrowserContext): Promise<void> {
  await context.unroute('**/*');
  await context.setOffline(false);
}

describe('community spaces', () => {
  test('a thread and a Markdown reply, a reply written offline posted once on reconnecting, the space readable offline, reports and moderation', async () => {
    const member = await as('learner');
    const moderator = await as('mentor');
    const { page } = member;
    const context = page.context();
    try {
      await waitForServiceWorker(page);
      await page.goto('/mentoring/community');
      await page.locator('#spaces-country li[data-key="NP"] a').waitFor();
      await checkScreen(page);
      await page.locator('#spaces-country li[data-key="NP"] a').click();
      await page.getByRole('heading', { name: 'Nepal', level: 1 }).waitFor();

      // A thread, with markup in its title and a Markdown body with a javascript: link.
      await page.locator('#new-thread').getByLabel('Title').fill(`Freezing orders across the border ${XSS}`);
      await page.locator('#new-thread').getByLabel('Message').fill(`**Has anyone** used [the treaty](https://example.org/treaty)? ${XSS}`);
      await page.locator('#new-thread').getByLabel('Markdown').check();
      await page.getByRole('button', { name: 'Post the thread' }).click();
      const thread = page.locator('#threads li[data-thread]');
      await thread.waitFor();
      await checkScreen(page);
      await thread.getByRole('link').click();
      await page.locator('#thread-post .post-markdown strong').waitFor();
      expect(await page.locator('#thread-post .post-markdown a').getAttribute('href')).toBe('https://example.org/treaty');
      await checkScreen(page);

      // Offline: the reply waits on the phone, then goes once on reconnecting.
      await goOffline(context);
      await page.locator('#reply-form').getByLabel('Message').fill(`Written on the bus. ${XSS}`);
      await page.getByRole('button', { name: 'Post the reply' }).click();
      await page.locator('#replies li.waiting').waitFor();
      await page.locator('#reply-form').getByText('Saved on this phone.', { exact: false }).waitFor();
      expect(await page.locator('#sync-status').innerText()).toBe('Offline. Changes that will sync when you reconnect: 1');
      expect(await count("SELECT count(*) FROM posts WHERE body LIKE 'Written on the bus.%'")).toBe(0);
      await goOnline(context);
      await page.locator('#replies li:not(.waiting)', { hasText: 'Written on the bus.' }).waitFor();
      await expect.poll(() => page.locator('#replies li', { hasText: 'Written on the bus.' }).count()).toBe(1);
      await expect.poll(() => page.locator('#sync-status').innerText()).toBe('All changes saved');
      expect(await count("SELECT count(*) FROM posts WHERE body LIKE 'Written on the bus.%'")).toBe(1);
      await checkScreen(page);

      // Readable offline once loaded: the thread after a reload, and the space's list.
      await goOffline(context);
      await page.reload();
      await page.locator('#offline-copy').waitFor();
      expect(await page.locator('#replies li', { hasText: 'Written on the bus.' }).count()).toBe(1);
      await page.getByRole('link', { name: 'Back to the space' }).click();
      await page.locator('#threads li[data-thread]').waitFor();
      await page.locator('#offline-copy').waitFor();
      await expectInert(page);
      await goOnline(context);

      // A member reports the reply; the space's moderator hides it from the queue.
      await page.reload();
      await page.locator('#threads li[data-thread] a').click();
      const reply = page.locator('#replies li', { hasText: 'Written on the bus.' });
      await reply.getByRole('button', { name: 'Report' }).click();
      await reply.getByLabel('Why are you reporting this?').fill(`Off topic ${XSS}`);
      await reply.getByRole('button', { name: 'Send the report' }).click();
      await reply.getByText('Reported to the moderators.', { exact: false }).waitFor();

      const m = moderator.page;
      await m.goto('/mentoring/community');
      await m.locator('#spaces-country li[data-key="NP"] a').click();
      const report = m.locator('#reports li');
      await report.waitFor();
      await checkScreen(m);
      await report.getByLabel('Reason').fill('Not about the thread.');
      await report.getByRole('button', { name: 'Hide' }).click();
      await m.getByText('No open reports.').waitFor();
      await page.reload();
      await page.locator('#replies li', { hasText: 'Hidden by a moderator: Not about the thread.' }).waitFor();
      expect(await page.locator('#replies').innerText()).not.toContain('Written on the bus.');
      expect(member.problems).toEqual([]);
      expect(moderator.problems).toEqual([]);
    } finally {
      await member.close();
      await moderator.close();
    }
  });
});

describe('catalogues', () => {
  test('every language has every mentoring string, with the same placeholders', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
    for (const dict of [fr, es, ru, ar] as Array<Record<string, string>>) {
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect(dict[key]?.trim(), key).toBeTruthy();
        expect(holes(dict[key]!), key).toBe(holes(text));
      }
    }
  });
});
