import { lazy, type Component } from 'solid-js';
import type { Params } from './router';

/** `member` screens need a session, `guest` screens make no sense with one, `any` suit both. */
export type Access = 'member' | 'guest' | 'any';

type View = Component<{ params: Params }>;
export const page = (load: () => Promise<View>) => lazy(() => load().then((view) => ({ default: view })));

export interface Route {
  pattern: string;
  view: ReturnType<typeof page>;
  access: Access;
  prefetch?: (p: Params) => unknown;
}
