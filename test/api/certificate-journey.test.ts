import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { publishReleases } from '../../worker/assessments/releases';
import { importMasterKey, newMasterKeySecret } from '../../worker/certificates/keyring';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { freshApps } from '../helpers/node-app';
import { describeCertificateJourney } from '../shared/certificate-journey';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();

describeCertificateJourney('Node, libSQL', async () => {
  const { t, world } = await setup({ content: built.source, issuerMasterKey: await importMasterKey(newMasterKeySecret()) });
  const release = fixtureRelease(built);
  await publishReleases(t.db, [release], t.now());
  return { world, fetcher: t.fetcher, release };
});
