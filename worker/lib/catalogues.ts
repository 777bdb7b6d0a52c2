/**
 * The strings the server writes itself, every language of each: the /verify page's and the
 * Common Cartridge export's. These modules are their one source; the Node entry and the tests read
 * them here. The Workers build swaps this file for worker/cloudflare/catalogues.ts, which reads the
 * same catalogues from Static Assets (scripts/build-worker.ts writes them there from CATALOGUES),
 * so they do not weigh on the bundle's 250 KB.
 */
import { VERIFY_MESSAGES } from '../../i18n/verify';
import { CARTRIDGE_STRINGS } from '../interop/cartridge/strings';

export const CATALOGUES = { verify: VERIFY_MESSAGES, cartridge: CARTRIDGE_STRINGS };
export type Catalogues = typeof CATALOGUES;
export type CatalogueName = keyof Catalogues;

/** A catalogue. `bindings` (the request's `c.env`) is where the Workers build finds Static Assets. */
export async function catalogue<N extends CatalogueName>(name: N, _bindings: unknown): Promise<Catalogues[N]> {
  return CATALOGUES[name];
}
