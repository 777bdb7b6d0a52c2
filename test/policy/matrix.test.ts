import { beforeAll, describe, expect, it } from 'vitest';
import { Person } from '../helpers/client';
import { importMasterKey, newMasterKeySecret } from '../../worker/certificates/keyring';
import { builtFixtureContent } from '../helpers/content';
import { nodeApp } from '../helpers/node-app';

/**
 * Every API route × every role, from the live route table. A route added without a
 * row here fails the first test; a row whose expectation is wrong fails its case.
 */
const ROLES = ['anonymous', 'learner', 'mentor', 'trainer', 'institution_admin', 'other_admin', 'programme_admin'] as const;
type Role = (typeof ROLES)[number];
const PUBLIC: Role[] = [...ROLES];
const SIGNED_IN: Role[] = ROLES.filter((r) => r !== 'anonymous');
const ADMINS: Role[] = ['institution_admin', 'programme_admin'];
const MEMBERS: Role[] = ['learner', 'mentor', 'trainer', 'institution_admin', 'programme_admin'];
const COHORT_STAFF: Role[] = ['trainer', 'institution_admin', 'programme_admin'];
/** Anyone with a staff role anywhere sees the trainer pathway: it is about trainers, not learners. */
const CASCADE_READERS: Role[] = ['trainer', 'institution_admin', 'other_admin', 'programme_admin'];

interface Ids {
  institutionId: string;
  cohortId: string;
  learnerId: string;
  joinCode: string;
  /** A cohort of a third institution, so joining it changes no role the matrix checks. */
  elsewhereJoinCode: string;
}
let n = 0;
const unique = () => `m${Date.now().toString(36)}${n++}`;

const MATRIX: Record<string, { allowed: Role[]; path?: (ids: Ids) => string; body?: (ids: Ids) => unknown }> = {
  'GET /api/health': { allowed: PUBLIC },
  'GET /api/openapi.json': { allowed: PUBLIC },
  'GET /api/catalogue': { allowed: PUBLIC },
  'GET /api/courses/:courseId': { allowed: PUBLIC, path: () => '/api/courses/sample' },
  'GET /api/courses/:courseId/lessons/:lessonId': { allowed: PUBLIC, path: () => '/api/courses/sample/lessons/first-steps' },
  // Admins of the institution export for their own LMS; the summative pool needs more (test/api/cartridge.test.ts).
  'GET /api/courses/:courseId/cartridge': { allowed: ADMINS, path: (ids) => `/api/courses/sample/cartridge?institutionId=${ids.institutionId}` },
  'POST /api/auth/register': {
    allowed: PUBLIC,
    body: (ids) => ({ username: unique(), password: 'long enough pass', displayName: 'M', joinCode: ids.joinCode }),
  },
  'POST /api/auth/login': { allowed: PUBLIC, body: () => ({ username: unique(), password: 'wrong pass' }) },
  'POST /api/auth/logout': { allowed: PUBLIC },
  'POST /api/auth/reset': { allowed: PUBLIC, body: () => ({ username: unique(), code: 'AAAA-AAAA', newPassword: 'long enough pass' }) },
  'GET /api/me': { allowed: SIGNED_IN },
  'POST /api/attempts': { allowed: SIGNED_IN, body: () => ({ courseId: 'sample' }) },
  'GET /api/attempts': { allowed: SIGNED_IN, path: () => '/api/attempts?courseId=sample' },
  'GET /api/attempts/:attemptId': { allowed: SIGNED_IN, path: () => `/api/attempts/${crypto.randomUUID()}` },
  'PUT /api/attempts/:attemptId/answers/:questionId': {
    allowed: SIGNED_IN,
    path: () => `/api/attempts/${crypto.randomUUID()}/answers/s1`,
    body: () => ({ answer: ['a'] }),
  },
  'POST /api/attempts/:attemptId/submit': {
    allowed: SIGNED_IN,
    path: () => `/api/attempts/${crypto.randomUUID()}/submit`,
    body: () => ({ submitId: crypto.randomUUID() }),
  },
  'POST /api/assessments/practicals': {
    allowed: ['trainer', 'programme_admin'],
    body: (ids) => ({ learnerId: ids.learnerId, courseId: 'sample', institutionId: ids.institutionId, levels: { sources: 'meets' } }),
  },
  'GET /api/assessments/practicals/:practicalId': { allowed: SIGNED_IN, path: () => `/api/assessments/practicals/${crypto.randomUUID()}` },
  'POST /api/assessments/practicals/:practicalId/moderation': {
    allowed: SIGNED_IN,
    path: () => `/api/assessments/practicals/${crypto.randomUUID()}/moderation`,
    body: () => ({ levels: { sources: 'meets' } }),
  },
  'POST /api/assessments/attempts/:attemptId/scores': {
    allowed: SIGNED_IN,
    path: () => `/api/assessments/attempts/${crypto.randomUUID()}/scores`,
    body: () => ({ questionId: 's6a', points: 1 }),
  },
  'GET /api/assessments/:courseId/item-stats': { allowed: ['trainer', 'programme_admin'], path: (ids) => `/api/assessments/sample/item-stats?institutionId=${ids.institutionId}` },
  // The learner reads their own; their trainers read it too.
  'GET /api/assessments/:courseId/eligibility': { allowed: ['learner', 'trainer', 'programme_admin'], path: (ids) => `/api/assessments/sample/eligibility?learnerId=${ids.learnerId}` },
  'POST /api/certificates': {
    allowed: ['trainer', 'programme_admin'],
    body: (ids) => ({ learnerId: ids.learnerId, courseId: 'sample', institutionId: ids.institutionId }),
  },
  'GET /api/certificates': { allowed: SIGNED_IN },
  'POST /api/certificates/bulk': { allowed: ['trainer', 'programme_admin'], body: (ids) => ({ cohortId: ids.cohortId, courseId: 'sample' }) },
  'POST /api/certificates/:certificateId/status': {
    allowed: SIGNED_IN,
    path: () => `/api/certificates/${crypto.randomUUID()}/status`,
    body: () => ({ action: 'suspend', reason: 'Checking' }),
  },
  'POST /api/verify': { allowed: PUBLIC, body: () => ({ id: crypto.randomUUID() }) },
  'GET /api/verify/offline': { allowed: PUBLIC },
  'PATCH /api/cohorts/:cohortId': { allowed: ADMINS, body: () => ({ region: 'Kaski' }) },
  'POST /api/cohorts/:cohortId/join-code': { allowed: COHORT_STAFF, body: () => ({ validDays: 30 }) },
  'PUT /api/cohorts/:cohortId/trainers/:userId': { allowed: ADMINS },
  'DELETE /api/cohorts/:cohortId/trainers/:userId': { allowed: ADMINS },
  'GET /api/cohorts/:cohortId/board': { allowed: COHORT_STAFF },
  'POST /api/cohorts/:cohortId/roster': { allowed: COHORT_STAFF, body: () => 'username,display_name\nmatrix.row,Matrix Row\n' },
  // Members of the cohort read its announcements; the mentor is not in it.
  'GET /api/cohorts/:cohortId/announcements': { allowed: ['learner', 'trainer', 'institution_admin', 'programme_admin'] },
  'POST /api/cohorts/:cohortId/announcements': { allowed: COHORT_STAFF, body: () => ({ body: 'Session moved to Thursday.' }) },
  'GET /api/mentors/me': { allowed: SIGNED_IN },
  'PUT /api/mentors/me': {
    allowed: SIGNED_IN,
    body: () => ({ bio: 'Ten years on labour-exploitation cases.', expertise: ['prosecution'], languages: ['en'], capacity: 2 }),
  },
  // Admins review the people of their own institutions: the list is theirs, possibly empty.
  'GET /api/mentors/pending': { allowed: ['institution_admin', 'other_admin', 'programme_admin'] },
  'POST /api/mentors/:userId/review': { allowed: SIGNED_IN, path: () => `/api/mentors/${crypto.randomUUID()}/review`, body: () => ({ decision: 'approve' }) },
  'GET /api/mentors': { allowed: SIGNED_IN },
  'GET /api/mentors/:userId/badge': { allowed: SIGNED_IN, path: () => `/api/mentors/${crypto.randomUUID()}/badge` },
  'POST /api/mentors/:userId/badge': { allowed: ADMINS, path: () => `/api/mentors/${crypto.randomUUID()}/badge`, body: (ids) => ({ institutionId: ids.institutionId }) },
  'POST /api/mentors/suggestions': { allowed: SIGNED_IN, body: () => ({ languages: ['en'] }) },
  'GET /api/mentorships': { allowed: SIGNED_IN },
  'POST /api/mentorships/requests': { allowed: SIGNED_IN, body: () => ({ mentorId: crypto.randomUUID(), needs: 'Help with a financial case.' }) },
  'POST /api/mentorships/requests/:requestId/response': {
    allowed: SIGNED_IN,
    path: () => `/api/mentorships/requests/${crypto.randomUUID()}/response`,
    body: () => ({ decision: 'decline' }),
  },
  'POST /api/mentorships/requests/:requestId/withdraw': { allowed: SIGNED_IN, path: () => `/api/mentorships/requests/${crypto.randomUUID()}/withdraw` },
  'GET /api/mentorships/:mentorshipId': { allowed: SIGNED_IN, path: () => `/api/mentorships/${crypto.randomUUID()}` },
  'POST /api/mentorships/:mentorshipId/sessions': {
    allowed: SIGNED_IN,
    path: () => `/api/mentorships/${crypto.randomUUID()}/sessions`,
    body: () => ({ heldOn: '2027-01-05', minutes: 30, notes: 'Matrix' }),
  },
  'POST /api/mentorships/:mentorshipId/close': { allowed: SIGNED_IN, path: () => `/api/mentorships/${crypto.randomUUID()}/close`, body: () => ({ feedback: 'Done' }) },
  'GET /api/notifications': { allowed: SIGNED_IN },
  'GET /api/spaces': { allowed: SIGNED_IN },
  'POST /api/spaces/:spaceId/join': { allowed: SIGNED_IN, path: () => `/api/spaces/${crypto.randomUUID()}/join` },
  'POST /api/spaces/:spaceId/leave': { allowed: SIGNED_IN, path: () => `/api/spaces/${crypto.randomUUID()}/leave` },
  'GET /api/spaces/:spaceId/threads': { allowed: SIGNED_IN, path: () => `/api/spaces/${crypto.randomUUID()}/threads` },
  'GET /api/spaces/posts/:postId': { allowed: SIGNED_IN, path: () => `/api/spaces/posts/${crypto.randomUUID()}` },
  'POST /api/spaces/:spaceId/posts': {
    allowed: SIGNED_IN,
    path: () => `/api/spaces/${crypto.randomUUID()}/posts`,
    body: () => ({ clientId: crypto.randomUUID(), title: 'Matrix', body: 'Matrix row' }),
  },
  'POST /api/spaces/posts/:postId/report': { allowed: SIGNED_IN, path: () => `/api/spaces/posts/${crypto.randomUUID()}/report`, body: () => ({ reason: 'Spam' }) },
  'GET /api/spaces/:spaceId/reports': { allowed: SIGNED_IN, path: () => `/api/spaces/${crypto.randomUUID()}/reports` },
  'POST /api/spaces/posts/:postId/moderation': {
    allowed: SIGNED_IN,
    path: () => `/api/spaces/posts/${crypto.randomUUID()}/moderation`,
    body: () => ({ action: 'hide', reason: 'Spam' }),
  },
  'POST /api/spaces/:spaceId/moderators': {
    allowed: ['programme_admin'],
    path: () => `/api/spaces/${crypto.randomUUID()}/moderators`,
    body: (ids) => ({ userId: ids.learnerId }),
  },
  'POST /api/consultations/screen': { allowed: SIGNED_IN, body: () => ({ text: 'Call +223 76 12 34 56.' }) },
  // Mentors are checked after the policy: with none approved the request is a 400, still not a 403.
  'POST /api/consultations': {
    allowed: SIGNED_IN,
    body: () => ({ jurisdiction: 'ML', offenceType: 'smuggling', stage: 'trial', question: 'A question long enough to be checked.', mentorIds: [crypto.randomUUID()] }),
  },
  'GET /api/consultations': { allowed: SIGNED_IN },
  // Nobody outside a consultation learns it exists: 404, not 403, for everyone else.
  'GET /api/consultations/:consultationId': { allowed: SIGNED_IN, path: () => `/api/consultations/${crypto.randomUUID()}` },
  'POST /api/consultations/:consultationId/replies': { allowed: SIGNED_IN, path: () => `/api/consultations/${crypto.randomUUID()}/replies`, body: () => ({ body: 'A reply.' }) },
  'GET /api/consultations/:consultationId/views': { allowed: SIGNED_IN, path: () => `/api/consultations/${crypto.randomUUID()}/views` },
  'DELETE /api/consultations/:consultationId': { allowed: SIGNED_IN, path: () => `/api/consultations/${crypto.randomUUID()}` },
  'POST /api/notifications/read': { allowed: SIGNED_IN },
  'GET /api/qualifications': { allowed: CASCADE_READERS },
  // Signing off a co-facilitator takes a certified trainer of the course.
  'POST /api/qualifications': { allowed: ['trainer', 'programme_admin'], body: (ids) => ({ userId: ids.learnerId, courseId: 'sample', level: 'co_facilitator' }) },
  'POST /api/qualifications/:qualificationId/status': {
    allowed: SIGNED_IN,
    path: () => `/api/qualifications/${crypto.randomUUID()}/status`,
    body: () => ({ action: 'suspend', reason: 'Checking' }),
  },
  'GET /api/cascade/:courseId/lineage': { allowed: CASCADE_READERS, path: () => '/api/cascade/sample/lineage' },
  'GET /api/trainers/:userId': { allowed: CASCADE_READERS },
  'PATCH /api/trainers/:userId': { allowed: ['programme_admin'], body: () => ({ internationalExpert: false }) },
  'GET /api/reports/handover': { allowed: ADMINS, path: (ids) => `/api/reports/handover?institutionId=${ids.institutionId}` },
  'GET /api/reports/learners': { allowed: ADMINS, path: (ids) => `/api/reports/learners?by=gender&institutionId=${ids.institutionId}` },
  'GET /api/institutions/:institutionId/adoptions': { allowed: MEMBERS },
  'POST /api/institutions/:institutionId/adoptions': {
    allowed: ADMINS,
    body: () => ({ courseId: 'sample', courseVersion: '1.2.0', programme: 'Basic police training', year: 2027 }),
  },
  'DELETE /api/institutions/:institutionId/adoptions/:adoptionId': {
    allowed: ADMINS,
    path: (ids) => `/api/institutions/${ids.institutionId}/adoptions/${crypto.randomUUID()}`,
  },
  'GET /api/endorsements': { allowed: PUBLIC },
  'POST /api/endorsements': { allowed: ['programme_admin'], body: () => ({ courseId: 'sample' }) },
  'POST /api/endorsements/:endorsementId/withdraw': {
    allowed: ['programme_admin'],
    path: () => `/api/endorsements/${crypto.randomUUID()}/withdraw`,
    body: () => ({ reason: 'Under review' }),
  },
  'GET /api/status-lists/:institutionId/:purpose': { allowed: PUBLIC, path: (ids) => `/api/status-lists/${ids.institutionId}/revocation` },
  'GET /.well-known/jwks.json': { allowed: PUBLIC },
  'GET /verify': { allowed: PUBLIC },
  'POST /verify': { allowed: PUBLIC },
  'GET /api/progress': { allowed: SIGNED_IN, path: () => '/api/progress?courseId=sample' },
  'POST /api/progress/events': {
    allowed: SIGNED_IN,
    body: () => ({ events: [{ id: crypto.randomUUID(), type: 'lesson.opened', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'tracing', at: new Date().toISOString() }] }),
  },
  'PATCH /api/me': { allowed: SIGNED_IN, body: () => ({ region: 'Kaski' }) },
  'POST /api/me/password': { allowed: SIGNED_IN, body: () => ({ currentPassword: 'not the password', newPassword: 'long enough pass' }) },
  'GET /api/me/export': { allowed: SIGNED_IN },
  'DELETE /api/me': { allowed: SIGNED_IN, body: () => ({ password: 'not the password' }) },
  'POST /api/me/sessions/end': { allowed: SIGNED_IN },
  'POST /api/me/cohorts': { allowed: SIGNED_IN, body: (ids) => ({ joinCode: ids.elsewhereJoinCode }) },
  'POST /api/institutions': {
    allowed: ['programme_admin'],
    body: () => ({ name: `Academy ${unique()}`, kind: 'academy', country: 'CO' }),
  },
  'GET /api/institutions': { allowed: SIGNED_IN },
  'GET /api/institutions/:institutionId': { allowed: MEMBERS },
  'GET /api/institutions/:institutionId/members': { allowed: ADMINS },
  // Granted to the trainer, not the learner: a learner with a higher role may no longer be reset by a trainer.
  'POST /api/institutions/:institutionId/members': { allowed: ADMINS, body: () => ({ username: 'trainer', role: 'mentor' }) },
  'DELETE /api/institutions/:institutionId/members/:membershipId': {
    allowed: ADMINS,
    path: (ids) => `/api/institutions/${ids.institutionId}/members/${crypto.randomUUID()}`,
  },
  'POST /api/institutions/:institutionId/invitations': { allowed: ADMINS, body: () => ({ role: 'learner' }) },
  'POST /api/institutions/:institutionId/cohorts': { allowed: ADMINS, body: () => ({ name: `Cohort ${unique()}` }) },
  'GET /api/institutions/:institutionId/cohorts': { allowed: COHORT_STAFF },
  'GET /api/institutions/:institutionId/audit': { allowed: ADMINS },
  'GET /api/cohorts/:cohortId/members': { allowed: COHORT_STAFF },
  'POST /api/cohorts/:cohortId/members/:userId/reset-code': { allowed: COHORT_STAFF },
  'GET /api/lti/tool': { allowed: PUBLIC },
  'GET /api/lti/platforms': { allowed: ADMINS, path: (ids) => `/api/lti/platforms?institutionId=${ids.institutionId}` },
  'POST /api/lti/platforms': {
    allowed: ADMINS,
    body: (ids) => {
      const host = `https://${unique()}.moodle.test`;
      return { institutionId: ids.institutionId, name: 'Academy Moodle', issuer: host, clientId: unique(), deploymentIds: ['1'], jwksUrl: `${host}/certs`, authUrl: `${host}/auth`, tokenUrl: `${host}/token` };
    },
  },
  // A platform is looked up before the policy: nobody learns of another institution's platform.
  'PATCH /api/lti/platforms/:platformId': { allowed: SIGNED_IN, path: () => `/api/lti/platforms/${crypto.randomUUID()}`, body: () => ({ name: 'Renamed' }) },
  'DELETE /api/lti/platforms/:platformId': { allowed: SIGNED_IN, path: () => `/api/lti/platforms/${crypto.randomUUID()}` },
  'POST /api/lti/platforms/:platformId/check': { allowed: SIGNED_IN, path: () => `/api/lti/platforms/${crypto.randomUUID()}/check` },
  'GET /api/lti/platforms/:platformId/contexts': { allowed: SIGNED_IN, path: () => `/api/lti/platforms/${crypto.randomUUID()}/contexts` },
  'POST /api/lti/platforms/:platformId/scores/send': { allowed: SIGNED_IN, path: () => `/api/lti/platforms/${crypto.randomUUID()}/scores/send` },
  'POST /api/lti/contexts/:contextId/roster': { allowed: SIGNED_IN, path: () => `/api/lti/contexts/${crypto.randomUUID()}/roster` },
  'GET /api/xapi/lrs/:institutionId': { allowed: ADMINS },
  'PUT /api/xapi/lrs/:institutionId': { allowed: ADMINS, body: () => ({ endpoint: 'https://lrs.academy.test/xapi/', username: 'cascade', password: 'lrs secret' }) },
  'DELETE /api/xapi/lrs/:institutionId': { allowed: ADMINS },
  'POST /api/xapi/lrs/:institutionId/send': { allowed: ADMINS },
  // The LTI protocol pages: a platform and any browser reach them; the launch itself authenticates.
  'GET /lti/jwks.json': { allowed: PUBLIC },
  'GET /lti/lti.css': { allowed: PUBLIC },
  'GET /lti/return.js': { allowed: PUBLIC },
  'GET /lti/login': { allowed: PUBLIC },
  'POST /lti/login': { allowed: PUBLIC },
  'POST /lti/launch': { allowed: PUBLIC },
  'GET /lti/open/:platformId': { allowed: PUBLIC, path: () => `/lti/open/${crypto.randomUUID()}` },
  'GET /lti/deep-links/:linkId': { allowed: SIGNED_IN, path: () => `/lti/deep-links/${crypto.randomUUID()}` },
  'POST /lti/deep-links/:linkId': { allowed: SIGNED_IN, path: () => `/lti/deep-links/${crypto.randomUUID()}` },
};

const fill = (path: string, ids: Ids) =>
  path
    .replace(':institutionId', ids.institutionId)
    .replace(':cohortId', ids.cohortId)
    .replace(':userId', ids.learnerId);

let people: Record<Role, Person>;
let freshSession: (role: Role) => Promise<Person>;
let ids: Ids;
let liveRoutes: string[];

beforeAll(async () => {
  const t = await nodeApp({ content: builtFixtureContent().source, issuerMasterKey: await importMasterKey(newMasterKeySecret()) });
  const world = await t.world();
  liveRoutes = [
    ...new Set(
      t.app.routes
        .filter((r) => (r.path.startsWith('/api/') || r.path.startsWith('/.well-known/') || r.path.startsWith('/lti/') || r.path === '/verify') && r.method !== 'ALL' && !r.path.endsWith('*'))
        .map((r) => `${r.method} ${r.path}`),
    ),
  ];
  const programme = await world.signIn('programme.admin');
  const me = (await (await world.signIn('learner')).get('/api/me')).body;
  const elsewhere = await programme.post('/api/institutions', { name: 'Elsewhere Institute', kind: 'ngo', country: 'UA' });
  const elsewhereCohort = await programme.post(`/api/institutions/${elsewhere.body.id}/cohorts`, { name: 'Open cohort' });
  ids = {
    institutionId: me.memberships[0].institutionId,
    cohortId: me.cohorts[0].id,
    learnerId: me.id,
    joinCode: world.seed.joinCode,
    elsewhereJoinCode: elsewhereCohort.body.joinCode,
  };
  const other = await programme.post('/api/institutions', { name: 'Other Academy', kind: 'academy', country: 'EG' });
  const invite = await programme.post(`/api/institutions/${other.body.id}/invitations`, { role: 'institution_admin' });
  const otherAdmin = new Person(t.fetcher);
  const reg = await otherAdmin.post('/api/auth/register', {
    username: 'other.admin',
    password: 'long enough pass',
    displayName: 'Other Admin',
    invitation: invite.body.token,
  });
  expect(reg.status).toBe(201);
  const usernames: Record<Role, string | null> = {
    anonymous: null,
    learner: 'learner',
    mentor: 'mentor',
    trainer: 'trainer',
    institution_admin: 'academy.admin',
    other_admin: 'other.admin',
    programme_admin: 'programme.admin',
  };
  freshSession = async (role) => {
    const username = usernames[role];
    if (!username) return world.anonymous();
    return new Person(t.fetcher).login(username, role === 'other_admin' ? 'long enough pass' : world.password(username));
  };
  people = {
    anonymous: world.anonymous(),
    learner: await world.signIn('learner'),
    mentor: await world.signIn('mentor'),
    trainer: await world.signIn('trainer'),
    institution_admin: await world.signIn('academy.admin'),
    other_admin: otherAdmin,
    programme_admin: programme,
  };
});

describe('permission matrix', () => {
  it('has a row for every live API route, and no row for a route that does not exist', () => {
    expect(liveRoutes.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([route, row]) => ROLES.map((role) => [route, role, row] as const));
  it.each(cases)('%s as %s', async (route, role, row) => {
    const [method, template] = route.split(' ') as [string, string];
    const path = row.path ? row.path(ids) : fill(template, ids);
    // Account routes replace or end the session: use a twin, or for logout a session of
    // its own, so later rows keep theirs.
    const person =
      route === 'POST /api/auth/logout' || route === 'POST /api/me/sessions/end'
        ? await freshSession(role)
        : template.startsWith('/api/auth/')
          ? people[role].clone()
          : people[role];
    const res = await person.call(method, path, row.body?.(ids) ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
    // Signing out everywhere ends the shared session too: later rows get a new one.
    if (route === 'POST /api/me/sessions/end' && role !== 'anonymous') people[role] = await freshSession(role);
    const why = `${route} as ${role}: ${res.status} ${JSON.stringify(res.body)}`;
    const code = res.body?.error?.code;
    if (row.allowed.includes(role)) {
      expect(['unauthenticated', 'forbidden'], why).not.toContain(code);
      expect(res.status, why).toBeLessThan(500);
    } else {
      expect(code, why).toBe(role === 'anonymous' ? 'unauthenticated' : 'forbidden');
      expect(res.status, why).toBe(role === 'anonymous' ? 401 : 403);
    }
  });
});
