import { createResource, Show } from 'solid-js';
import { formatDate } from '../format';
import { tm } from '../i18n/mentoring';
import { UserText } from './parts';
import { renderMarkdown } from './markdown';

export interface ShownPost {
  author: string | null;
  title?: string | null;
  body: string | null;
  format: 'plain' | 'markdown';
  createdAt: string;
  hidden: boolean;
  hiddenReason: string | null;
}

/** Markdown, rendered and cleaned; its source as plain text until the renderer arrives (or if it cannot). */
function MarkdownBody(props: { source: string }) {
  const [fragment] = createResource(() => props.source, (source) => renderMarkdown(source).catch(() => undefined));
  return (
    <Show when={fragment()} fallback={<UserText text={props.source} />}>
      {(f) => <div class="post-markdown">{f().cloneNode(true)}</div>}
    </Show>
  );
}

/** A post's byline and words; a hidden one says so (its moderators still see the words). */
export function PostBody(props: { post: ShownPost }) {
  return (
    <>
      <p class="muted byline">
        {tm('by', { name: props.post.author ?? tm('someone') })} · {formatDate(props.post.createdAt)}
      </p>
      <Show when={props.post.hidden}>
        <p class="notice info">{props.post.hiddenReason ? tm('hiddenReason', { reason: props.post.hiddenReason }) : tm('hiddenPost')}</p>
      </Show>
      <Show when={props.post.body !== null}>
        <Show when={props.post.format === 'markdown'} fallback={<UserText text={props.post.body} class="post-text" />}>
          <MarkdownBody source={props.post.body ?? ''} />
        </Show>
      </Show>
    </>
  );
}
