import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { tm } from '../i18n/mentoring';
import { queued, watchPosts } from '../offline/posts';
import type { Params } from '../router';
import { me } from '../session';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { mapi, msend, type Post } from './client';
import { connected, keep, readThrough } from './community-data';
import { Moderation, ReportPost } from './moderation';
import { PostBody } from './post-body';
import { PostForm } from './post-form';
import { loadSpaces, OfflineCopy } from './spaces';

/** A thread and its replies, 50 at a time; replies written offline wait in the outbox, shown as such. */
export function ThreadScreen(props: { params: Params }) {
  const spaceId = () => props.params.spaceId ?? '';
  const postId = () => props.params.postId ?? '';
  const key = () => `thread:${postId()}`;
  const [spaces] = createResource(loadSpaces);
  const moderator = () => Boolean(spaces()?.value.find((s) => s.id === spaceId())?.moderator);
  const [data, { refetch, mutate }] = createResource(postId, (id) => readThrough(`thread:${id}`, () => msend(mapi.spaces.posts[':postId'].$get({ param: { postId: id }, query: {} }))));
  const [more, setMore] = createSignal(false);
  createEffect(on(() => me()?.id, (id) => id && void watchPosts(id)));
  createEffect(on(() => queued().length, (n, before) => before !== undefined && n < before && connected() && void refetch()));
  const replies = () => data()?.value.replies ?? [];
  const waiting = () => queued().filter((p) => p.threadId === postId() && !replies().some((r) => r.clientId === p.clientId));
  const replaced = (post: Post) => {
    const current = data();
    if (!current) return;
    const value = current.value.thread.id === post.id ? { ...current.value, thread: { ...post, author: current.value.thread.author } } : { ...current.value, replies: current.value.replies.map((r) => (r.id === post.id ? { ...post, author: r.author } : r)) };
    mutate({ value, savedAt: current.savedAt });
    keep(key(), value);
  };
  const later = async () => {
    const current = data();
    if (!current?.value.next) return;
    setMore(true);
    try {
      const page = await msend(mapi.spaces.posts[':postId'].$get({ param: { postId: postId() }, query: { after: current.value.next } }));
      const value = { ...current.value, replies: [...current.value.replies, ...page.replies], next: page.next };
      mutate({ value, savedAt: null });
      keep(key(), value);
    } finally {
      setMore(false);
    }
  };
  return (
    <Show when={!data.error} fallback={<LoadError error={data.error} retry={refetch} />}>
      <Show when={data()}>
        {(loaded) => (
          <Page title={loaded().value.thread.title ?? tm('threadsTitle')}>
            <p>
              <a href={`/mentoring/community/${spaceId()}`}>{tm('backToSpace')}</a>
            </p>
            <OfflineCopy loaded={loaded()} />
            <article class="post" id="thread-post">
              <PostBody post={loaded().value.thread} />
              <PostTools post={loaded().value.thread} moderator={moderator()} onModerated={replaced} />
            </article>
            <h2>{tm('repliesTitle')}</h2>
            <ol class="cards" id="replies">
              <For each={replies()}>
                {(r) => (
                  <li class="post" data-client={r.clientId}>
                    <PostBody post={r} />
                    <PostTools post={r} moderator={moderator()} onModerated={replaced} />
                  </li>
                )}
              </For>
              <For each={waiting()}>
                {(p) => (
                  <li class="post waiting" data-client={p.clientId}>
                    <p class="muted">{p.refused ? p.refused.message : tm('waitingToSend')}</p>
                    <PostBody post={{ author: me()?.displayName ?? null, body: p.body, format: p.format, createdAt: p.at, hidden: false, hiddenReason: null }} />
                  </li>
                )}
              </For>
            </ol>
            <Show when={!replies().length && !waiting().length}>
              <p>{tm('noReplies')}</p>
            </Show>
            <Show when={loaded().value.next && connected()}>
              <button type="button" onClick={() => void later()} disabled={more()}>
                {tm('moreReplies')}
              </button>
            </Show>
            <Show when={!loaded().value.thread.hidden}>
              <PostForm spaceId={spaceId()} threadId={postId()} id="reply-form" />
            </Show>
          </Page>
        )}
      </Show>
    </Show>
  );
}

/** Report (anyone but its author) and, for moderators, hide or restore; both need the link. */
function PostTools(props: { post: Post; moderator: boolean; onModerated: (post: Post) => void }) {
  return (
    <Show when={connected()}>
      <ReportPost postId={props.post.id} />
      <Show when={props.moderator}>
        <Moderation postId={props.post.id} hidden={props.post.hidden} onDone={props.onModerated} />
      </Show>
    </Show>
  );
}
