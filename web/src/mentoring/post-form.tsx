import { createSignal, Show } from 'solid-js';
import { tm } from '../i18n/mentoring';
import { writePost } from '../offline/posts';
import { me } from '../session';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { TextArea, Toggle } from './parts';
import { connected } from './community-data';

/**
 * A new thread (with a title) or a reply. It is kept on this phone first and sent through the
 * posts outbox, so it is never lost to a dropped link and never posted twice.
 */
export function PostForm(props: { spaceId: string; threadId?: string; id: string }) {
  const form = createForm();
  const [kept, setKept] = createSignal(false);
  const write = (event: SubmitEvent) => {
    const el = event.currentTarget as HTMLFormElement;
    return form.submit(event, async (v) => {
      const userId = me()?.id;
      if (!userId) return;
      setKept(false);
      await writePost(userId, {
        spaceId: props.spaceId,
        ...(props.threadId ? { threadId: props.threadId } : { title: v.title ?? '' }),
        body: v.body ?? '',
        format: v.markdown === 'yes' ? 'markdown' : 'plain',
      });
      el.reset();
      setKept(true);
    });
  };
  return (
    <form method="post" onSubmit={write} id={props.id} class="panel" onInput={() => setKept(false)}>
      <h2>{props.threadId ? tm('reply') : tm('newThread')}</h2>
      <FormError form={form} />
      <Show when={!props.threadId}>
        <Field name="title" label={tm('threadTitle')} required minLength={3} maxLength={140} />
      </Show>
      <TextArea name="body" label={tm('body')} hint={tm('bodyHint')} required minLength={1} maxLength={8000} />
      <Toggle name="markdown" label={tm('markdown')} checked={false} />
      <Submit form={form}>{props.threadId ? tm('postReply') : tm('postThread')}</Submit>
      <p role="status" class="status">
        {kept() ? (connected() ? '' : tm('savedToSend')) : ''}
      </p>
    </form>
  );
}
