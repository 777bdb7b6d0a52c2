import type { CredentialInput } from '../../../worker/certificates/credential';
import { buildJwks, generateIssuerKey, importSigningKey } from '../../../worker/certificates/keys';

export const ISSUED_AT = new Date('2026-03-01T09:30:00Z');
export const LATER = new Date('2026-06-01T12:00:00Z');

export async function newIssuerKey() {
  const jwk = await generateIssuerKey();
  return { jwk, signing: await importSigningKey(jwk), jwks: buildJwks([jwk]) };
}

export function sampleInput(overrides: Partial<CredentialInput> = {}): CredentialInput {
  return {
    id: '0b6f1d2e-8c4a-4f3b-9e2d-7a1c5b8e9f01',
    learnerId: 'urn:uuid:5f1c9a7e-2b3d-4c8e-a1f0-9d8e7c6b5a40',
    learnerName: 'Amina Yusuf',
    courseId: 'financial-investigation',
    courseVersion: '1.0.0',
    courseTitle: 'Financial investigation and illicit financial flows in trafficking and smuggling cases',
    courseDescription: 'Follow the money in human trafficking and migrant smuggling cases.',
    criteriaNarrative: 'Completed all lessons, passed the summative assessment and the practical exercise.',
    issuer: { id: 'https://academy.example.org', name: 'National Judicial Academy' },
    trainer: { id: 'https://cascade.example.org/trainers/7d1f', name: 'Carlos Mendes' },
    issuedAt: ISSUED_AT,
    statusIndexes: { revocation: 94_567, suspension: 23_452 },
    statusListUrls: {
      revocation: 'https://cascade.example.org/status/academy/revocation',
      suspension: 'https://cascade.example.org/status/academy/suspension',
    },
    baseUrl: 'https://cascade.example.org',
    ...overrides,
  };
}
