import { describe, expect, it } from 'vitest';
import { achievementId, buildCredential, OB3_CONTEXT, OpenBadgeCredential, VC_CONTEXT } from '../../../worker/certificates/credential';
import { buildEndorsement } from '../../../worker/certificates/endorsement';
import { signCredential, verifyCredentialJwt } from '../../../worker/certificates/jwt';
import { ISSUED_AT, LATER, newIssuerKey, sampleInput } from './fixtures';

describe('OpenBadgeCredential', () => {
  it('is an OB 3.0 credential on the VC 2.0 model, naming course, version, criteria, trainer and issuer', () => {
    const vc = buildCredential(sampleInput({ validUntil: new Date('2028-03-01T00:00:00Z') }));
    expect(vc['@context']).toEqual([VC_CONTEXT, OB3_CONTEXT]);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).toBe('urn:uuid:0b6f1d2e-8c4a-4f3b-9e2d-7a1c5b8e9f01');
    expect(vc.issuer).toEqual({ id: 'https://academy.example.org', type: 'Profile', name: 'National Judicial Academy' });
    expect(vc.validFrom).toBe('2026-03-01T09:30:00Z');
    expect(vc.validUntil).toBe('2028-03-01T00:00:00Z');
    const { achievement, source } = vc.credentialSubject;
    expect(achievement.id).toBe('https://cascade.example.org/courses/financial-investigation/versions/1.0.0');
    expect(achievement).toMatchObject({ type: ['Achievement'], humanCode: 'financial-investigation', version: '1.0.0', creator: vc.issuer });
    expect(achievement.criteria.narrative).toMatch(/summative assessment/);
    expect(source).toEqual({ id: 'https://cascade.example.org/trainers/7d1f', type: 'Profile', name: 'Carlos Mendes' });
    expect(vc.credentialStatus).toEqual([
      {
        id: 'https://cascade.example.org/status/academy/revocation#94567',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '94567',
        statusListCredential: 'https://cascade.example.org/status/academy/revocation',
      },
      {
        id: 'https://cascade.example.org/status/academy/suspension#23452',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'suspension',
        statusListIndex: '23452',
        statusListCredential: 'https://cascade.example.org/status/academy/suspension',
      },
    ]);
    expect(OpenBadgeCredential.parse(vc)).toEqual(vc);
  });

  it('names the learner only when a consented name is given', () => {
    const named = buildCredential(sampleInput()).credentialSubject;
    expect(named.name).toBe('Amina Yusuf');
    expect(named.identifier).toEqual([{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Amina Yusuf' }]);
    const anonymous = buildCredential(sampleInput({ learnerName: undefined })).credentialSubject;
    expect(anonymous).not.toHaveProperty('name');
    expect(anonymous).not.toHaveProperty('identifier');
    expect(anonymous.id).toBe('urn:uuid:5f1c9a7e-2b3d-4c8e-a1f0-9d8e7c6b5a40');
    expect(buildCredential(sampleInput({ id: undefined })).id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  });

  it('rejects bad input', () => {
    const bad: Array<Parameters<typeof sampleInput>[0]> = [
      { learnerName: undefined, learnerId: undefined },
      { courseId: 'Financial Investigation' },
      { courseVersion: '' },
      { issuer: { id: 'not a url', name: 'X' } },
      { issuer: { id: 'javascript:alert(1)', name: 'X' } },
      { trainer: { id: 'https://x.example', name: ' ' } },
      { trainer: { id: 'javascript:alert(1)', name: 'Carlos Mendes' } },
      { learnerId: 'data:text/html,hi' },
      { validUntil: new Date('2020-01-01T00:00:00Z') },
      { statusIndexes: { revocation: -1, suspension: 0 } },
      { statusIndexes: { revocation: 2 ** 24, suspension: 0 } },
      { statusIndexes: { revocation: 1.5, suspension: 0 } },
      { statusListUrls: { revocation: 'ftp://x.example/list', suspension: 'https://x.example/s' } },
      { issuedAt: new Date('invalid') },
      { endorsementJwts: ['not-a-jws'] },
    ];
    for (const overrides of bad) expect(() => buildCredential(sampleInput(overrides)), JSON.stringify(overrides)).toThrow();
  });

  it('carries the programme endorsement as a signed EndorsementCredential', async () => {
    const programme = await newIssuerKey();
    const endorsement = buildEndorsement({
      endorser: { id: 'https://programme.example.org', name: 'Regional Anti-Trafficking Programme' },
      achievementId: achievementId('https://cascade.example.org', 'financial-investigation', '1.0.0'),
      achievementName: 'Financial investigation',
      comment: 'Meets the programme curriculum standard.',
      validFrom: ISSUED_AT,
    });
    expect(endorsement.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    const jwt = await signCredential(endorsement, programme.signing);
    const vc = buildCredential(sampleInput({ endorsementJwts: [jwt] }));
    const [carried] = vc.credentialSubject.achievement.endorsementJwt ?? [];
    const verified = await verifyCredentialJwt(carried ?? '', programme.jwks, { now: LATER });
    expect(verified.ok && verified.credential.credentialSubject).toMatchObject({ id: vc.credentialSubject.achievement.id, type: ['EndorsementSubject'] });
  });
});
