import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCredential } from '../../../worker/certificates/credential';
import { signCredential, verifyCredentialJwt, type VerifiedCredential } from '../../../worker/certificates/jwt';
import { checkStatus, readStatusList, type DecodedStatusList } from '../../../worker/certificates/status';
import { emptyList, encodeList, setBit, statusListCredential, type StatusPurpose } from '../../../worker/certificates/status-list';
import { LATER, newIssuerKey, sampleInput } from './fixtures';

let issuer: Awaited<ReturnType<typeof newIssuerKey>>;
let certificate: VerifiedCredential;
const input = sampleInput();
let lists = { revocation: emptyList(), suspension: emptyList() };

beforeAll(async () => {
  issuer = await newIssuerKey();
  const verified = await verifyCredentialJwt(await signCredential(buildCredential(input), issuer.signing), issuer.jwks, { now: LATER });
  if (!verified.ok) throw new Error(verified.reason);
  certificate = verified.credential;
});

beforeEach(() => {
  lists = { revocation: emptyList(), suspension: emptyList() };
});

/** What a verifier does: fetch each signed list, verify it with the issuer's keys, decode it. */
async function publishedLists(): Promise<DecodedStatusList[]> {
  const out: DecodedStatusList[] = [];
  for (const purpose of ['revocation', 'suspension'] as StatusPurpose[]) {
    const unsigned = statusListCredential({
      id: input.statusListUrls[purpose],
      issuer: input.issuer.id,
      purpose,
      encodedList: await encodeList(lists[purpose]),
      validFrom: LATER,
    });
    const verified = await verifyCredentialJwt(await signCredential(unsigned, issuer.signing), issuer.jwks, { now: LATER });
    if (!verified.ok) throw new Error(verified.reason);
    out.push(await readStatusList(verified.credential));
  }
  return out;
}

describe('certificate status', () => {
  it('is valid, suspended, valid again once reinstated, then revoked for good', async () => {
    const { revocation, suspension } = input.statusIndexes;
    expect(checkStatus(certificate, await publishedLists())).toEqual({ ok: true, status: 'valid' });

    setBit(lists.suspension, suspension, true);
    expect(checkStatus(certificate, await publishedLists())).toEqual({ ok: true, status: 'suspended' });

    setBit(lists.suspension, suspension, false);
    expect(checkStatus(certificate, await publishedLists())).toEqual({ ok: true, status: 'valid' });

    setBit(lists.suspension, suspension, true);
    setBit(lists.revocation, revocation, true);
    expect(checkStatus(certificate, await publishedLists())).toEqual({ ok: true, status: 'revoked' });
  });

  it('ignores bits of other certificates', async () => {
    setBit(lists.revocation, input.statusIndexes.revocation + 1, true);
    setBit(lists.suspension, input.statusIndexes.suspension - 1, true);
    expect(checkStatus(certificate, await publishedLists())).toEqual({ ok: true, status: 'valid' });
  });

  it('does not call a certificate valid when its lists are missing or do not match', async () => {
    const [revocationList, suspensionList] = await publishedLists();
    if (!revocationList || !suspensionList) throw new Error('lists');
    expect(checkStatus(certificate, [revocationList])).toEqual({ ok: false, reason: 'missing_list' });
    const swapped = [
      { ...revocationList, purpose: 'suspension' as const },
      { ...suspensionList, purpose: 'revocation' as const },
    ];
    expect(checkStatus(certificate, swapped)).toEqual({ ok: false, reason: 'purpose_mismatch' });
    const { credentialStatus: _, ...unlisted } = certificate;
    expect(checkStatus(unlisted as VerifiedCredential, [revocationList, suspensionList])).toEqual({ ok: false, reason: 'no_status' });
  });
});
