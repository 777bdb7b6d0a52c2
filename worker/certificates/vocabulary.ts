/**
 * Constants shared by the signing side and the offline verifier. No zod or jose here: the
 * verify page's script imports what it needs from this folder, and every byte of it is paid for.
 */
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

/** Status indexes travel as 3 bytes in the QR proof, so lists stay below 2^24 entries. */
export const MAX_STATUS_INDEX = 2 ** 24 - 1;
