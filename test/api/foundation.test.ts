import { afterEach } from 'vitest';
import { describeFoundation } from '../shared/foundation';
import { nodeApp } from '../helpers/node-app';

const opened: Array<{ close(): void }> = [];
afterEach(() => opened.splice(0).forEach((a) => a.close()));

describeFoundation('Node, libSQL', async () => {
  const app = await nodeApp();
  opened.push(app);
  return { world: await app.world(), fetcher: app.fetcher };
});
