import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { formatDate, formatNumber } from '../format';
import { tm } from '../i18n/mentoring';
import { queued, watchPosts } from '../offline/posts';
import type { Params } from '../router';
import { me } from '../session';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { mapi, msend, type ThreadSummary } from './client';
import { connected, keep, readThrough } from './community-data';
import { Reports } from './moderation';
import { PostForm } from './post-form';
import { loadSpaces, OfflineCopy, spaceName } from './spaces';

/** Threads in a space, most recently active first, 20 at a time; readable offline once loaded. */
export function SpaceScreen(props: { params: Params }) {
  const spaceId = () => props.params.spaceId ?? '';
  const key = () => `threads:${spaceId()}`;
  const [spaces] = createResource(loadSpaces);
  const space = () => spaces()?.value.find((s) => s.id === spaceId());
  const [threads, { refetch, mutate }] = createResource(spaceId, (id) => readThrough(`threads:${id}`, () => msend(mapi.spaces[':spaceId'].threads.$get({ param: { spaceId: id }, query: {} }))));
  const [more, setMore] = createSignal(false);
  const userId = () => me()?.id;
  createEffect(on(userId, (id) => id && void watchPosts(id)));
  // A post of ours left the outbox: the server has it, so show the server's list.
  createEffect(on(() => queued().length, (n, before) => before !== undefined && n < before && connected() && void refetch(), { defer: false }));
  const waiting = () => queued().filter((p) => p.spaceId === spaceId() && !p.threadId && !threads()?.value.threads.some((t) => t.clientId === p.clientId));
  const older = async () => {
    const current = threads();
    if (!current?.value.next) return;
    setMore(true);
    try {
      const page = await msend(mapi.spaces[':spaceId'].threads.$get({ param: { spaceId: spaceId() }, query: { before: current.value.next } }));
      const value = { threads: [...current.value.threads, ...page.threads], next: page.next };
      mutate({ value, savedAt: null });
      keep(key(), value);
    } finally {
      setMore(false);
    }
  };
  return (
    <Page title={space() ? spaceName(space()!) : tm('spacesTitle')}>
      <p>
        <a href="/mentoring/community">{tm('backToSpaces')}</a>
      </p>
      <Show when={!threads.error} fallback={<LoadError error={threads.error} retry={refetch} />}>
        <OfflineCopy loaded={threads()} />
        <h2>{tm('threadsTitle')}</h2>
        <Show when={threads()?.value.threads.length || waiting().length} fallback={<Show when={threads()}>{<p>{tm('noThreads')}</p>}</Show>}>
          <ul class="cards" id="threads">
            <For each={waiting()}>
              {(p) => (
                <li class="waiting" data-client={p.clientId}>
                  <span class="strong">{p.title}</span>
                  <p class="muted">{p.refused ? p.refused.message : tm('waitingToSend')}</p>
                </li>
              )}
            </For>
            <For each={threads()?.value.threads}>{(thread) => <ThreadItem spaceId={spaceId()} thread={thread} />}</For>
          </ul>
        </Show>
        <Show when={threads()?.value.next && connected()}>
          <button type="button" onClick={() => void older()} disabled={more()}>
            {tm('olderThreads')}
          </button>
        </Show>
        <PostForm spaceId={spaceId()} id="new-thread" />
        <Show when={space()?.moderator && connected()}>
          <Reports spaceId={spaceId()} />
        </Show>
      </Show>
    </Page>
  );
}

function ThreadItem(props: { spaceId: string; thread: ThreadSummary }) {
  return (
    <li data-thread={props.thread.id}>
      <a href={`/mentoring/community/${props.spaceId}/${props.thread.id}`}>{props.thread.title}</a>
      <Show when={props.thread.hidden}>
        {' '}
        <span class="tag bad">{tm('hiddenPost')}</span>
      </Show>
      <p class="muted">
        {tm('by', { name: props.thread.author ?? tm('someone') })} · {tm('repliesCount', { count: formatNumber(props.thread.replies) })} ·{' '}
        {tm('lastActivity', { date: formatDate(props.thread.lastActivityAt) })}
      </p>
    </li>
  );
}
