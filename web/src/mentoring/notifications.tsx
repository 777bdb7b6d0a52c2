import { createResource, For, Show } from 'solid-js';
import { formatDate } from '../format';
import { tm, type MentoringKey } from '../i18n/mentoring';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { mapi, msend, type Notification } from './client';
import { refreshUnread, setUnread } from './unread';

const KINDS = ['mentorship.requested', 'mentorship.accepted', 'mentorship.declined', 'mentorship.session', 'mentorship.closed', 'consultation.new', 'consultation.reply'];

const text = (n: Notification) => tm((KINDS.includes(n.kind) ? `notice.${n.kind}` : 'notice.other') as MentoringKey);

/** Where a notification leads: the mentorship, the consultation, or the requests on the mentoring page. */
function target(n: Notification): string {
  if (n.data.mentorshipId) return `/mentoring/mentorships/${encodeURIComponent(n.data.mentorshipId)}`;
  if (n.data.consultationId) return `/mentoring/consultations/${encodeURIComponent(n.data.consultationId)}`;
  return '/mentoring';
}

export function Notifications() {
  const [list, { refetch, mutate }] = createResource(async () => {
    const body = await msend(mapi.notifications.$get({ query: { unread: 'false' } }));
    setUnread(body.unread);
    return body;
  });
  const markRead = async (ids?: string[]) => {
    await msend(mapi.notifications.read.$post({ json: ids ? { ids } : {} })).catch(() => undefined);
    const current = list();
    if (current) {
      const notifications = current.notifications.map((n) => (!ids || ids.includes(n.id) ? { ...n, read: true } : n));
      mutate({ unread: notifications.filter((n) => !n.read).length, notifications });
    }
    void refreshUnread();
  };
  return (
    <Page title={tm('notificationsTitle')}>
      <Show when={!list.error} fallback={<LoadError error={list.error} retry={refetch} />}>
        <Show when={list()?.unread}>
          <button type="button" onClick={() => void markRead()}>
            {tm('markAllRead')}
          </button>
        </Show>
        <Show when={list()?.notifications.length} fallback={<Show when={list()}>{<p>{tm('noNotifications')}</p>}</Show>}>
          <ul class="cards" id="notifications">
            <For each={list()?.notifications}>
              {(n) => (
                <li data-kind={n.kind} data-read={n.read}>
                  <Show when={!n.read}>
                    <span class="tag">{tm('unreadTag')}</span>{' '}
                  </Show>
                  <a href={target(n)} onClick={() => void markRead([n.id])}>
                    {text(n)}
                  </a>
                  <p class="muted">{formatDate(n.createdAt)}</p>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </Page>
  );
}
