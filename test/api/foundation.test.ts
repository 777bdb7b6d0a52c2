import { describeFoundation } from '../shared/foundation';
import { freshApps } from '../helpers/node-app';

const fresh = freshApps();

describeFoundation('Node, libSQL', async () => {
  const { t, world } = await fresh();
  return { world, fetcher: t.fetcher };
});
