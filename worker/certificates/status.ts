/**
 * A certificate's status from its `credentialStatus` entries and the status lists they point to
 * (the Validate Algorithm of Bitstring Status List v1.0, for `revocation` and `suspension`).
 * Fetching and caching the lists, and verifying their signatures, is the caller's job.
 */
import * as z from 'zod';
import type { VerifiedCredential } from './jwt';
import { decodeList, getBit, type StatusPurpose } from './status-list';

export type CertificateStatus = 'valid' | 'revoked' | 'suspended';

export interface DecodedStatusList {
  url: string;
  purpose: StatusPurpose;
  bits: Uint8Array;
}

export type StatusCheck =
  | { ok: true; status: CertificateStatus }
  | { ok: false; reason: 'no_status' | 'missing_list' | 'purpose_mismatch' | 'index_out_of_range' };

const ListCredential = z.looseObject({
  id: z.string(),
  type: z.array(z.string()).refine((t) => t.includes('BitstringStatusListCredential')),
  credentialSubject: z.looseObject({
    type: z.literal('BitstringStatusList'),
    statusPurpose: z.enum(['revocation', 'suspension']),
    encodedList: z.string(),
  }),
});

/** Decodes a status list credential whose JWT has already been verified with jwt.ts. */
export async function readStatusList(credential: VerifiedCredential): Promise<DecodedStatusList> {
  const list = ListCredential.parse(credential);
  return { url: list.id, purpose: list.credentialSubject.statusPurpose, bits: await decodeList(list.credentialSubject.encodedList) };
}

const Entry = z.looseObject({
  type: z.literal('BitstringStatusListEntry'),
  statusPurpose: z.string(),
  statusListIndex: z.string().regex(/^(0|[1-9]\d*)$/),
  statusListCredential: z.string(),
});
const Entries = z.union([Entry, z.array(z.unknown())]);

export function checkStatus(credential: VerifiedCredential, lists: readonly DecodedStatusList[]): StatusCheck {
  const parsed = Entries.safeParse(credential.credentialStatus);
  const raw = parsed.success ? (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) : [];
  const entries = raw.flatMap((e) => {
    const entry = Entry.safeParse(e);
    return entry.success && (entry.data.statusPurpose === 'revocation' || entry.data.statusPurpose === 'suspension') ? [entry.data] : [];
  });
  if (entries.length === 0) return { ok: false, reason: 'no_status' };

  const set = new Set<string>();
  for (const entry of entries) {
    const list = lists.find((l) => l.url === entry.statusListCredential);
    if (!list) return { ok: false, reason: 'missing_list' };
    if (list.purpose !== entry.statusPurpose) return { ok: false, reason: 'purpose_mismatch' };
    const index = Number(entry.statusListIndex);
    if (index >= list.bits.length * 8) return { ok: false, reason: 'index_out_of_range' };
    if (getBit(list.bits, index)) set.add(entry.statusPurpose);
  }
  // Revocation is permanent, so it outranks a suspension that may also be set.
  return { ok: true, status: set.has('revocation') ? 'revoked' : set.has('suspension') ? 'suspended' : 'valid' };
}
