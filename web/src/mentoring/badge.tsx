import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { formatNumber } from '../format';
import { tm } from '../i18n/mentoring';
import { me } from '../session';
import { Select } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { mapi, msend } from './client';

const record = (userId: string) => msend(mapi.mentors[':userId'].badge.$get({ param: { userId } }));
type BadgeRecord = Awaited<ReturnType<typeof record>>;

/** Closed mentorships and hours against what the badge asks, or the badge itself once issued. */
function Progress(props: { record: BadgeRecord }) {
  const r = () => props.record;
  return (
    <Show
      when={!r().certificateId}
      fallback={
        <p>
          {tm('badgeHeld')} <a href="/certificates">{tm('badgeSeeCertificates')}</a>
        </p>
      }
    >
      <ul class="badge-progress">
        <li>{tm('badgeMentorships', { done: formatNumber(r().closedMentorships), needed: formatNumber(r().rule.closedMentorships) })}</li>
        <li>{tm('badgeHours', { done: formatNumber(r().hours), needed: formatNumber(r().rule.hours) })}</li>
      </ul>
      <p>{r().eligible ? tm('badgeEarned') : tm('badgeNotYet')}</p>
    </Show>
  );
}

/** On a mentor's own profile: how far they are from the mentor Open Badge. */
export function MyBadge(props: { userId: string }) {
  const [r, { refetch }] = createResource(() => props.userId, record);
  return (
    <section id="mentor-badge" aria-labelledby="mentor-badge-title">
      <h2 id="mentor-badge-title">{tm('badgeTitle')}</h2>
      <p class="hint">{tm('badgeIntro')}</p>
      <Show when={!r.error} fallback={<LoadError error={r.error} retry={refetch} />}>
        <Show when={r()}>{(x) => <Progress record={x()} />}</Show>
      </Show>
    </section>
  );
}

/**
 * For admins: every approved mentor, each one's record on request, and the badge issued by the
 * admin's institution once earned (the server checks the mentor belongs to it).
 */
export function IssueBadges() {
  const [mentors, { refetch }] = createResource(async () => (await msend(mapi.mentors.$get())).mentors);
  const institutions = createMemo(() => (me()?.memberships ?? []).filter((m) => m.role === 'institution_admin'));
  return (
    <section id="mentor-badges" aria-labelledby="mentor-badges-title">
      <h2 id="mentor-badges-title">{tm('badgeTitle')}</h2>
      <p class="hint">{tm('badgeAdminIntro')}</p>
      <Show when={institutions().length} fallback={<p>{tm('badgeNoInstitution')}</p>}>
        <Show when={!mentors.error} fallback={<LoadError error={mentors.error} retry={refetch} />}>
          <ul class="cards">
            <For each={mentors()}>{(m) => <MentorBadgeCard userId={m.userId} name={m.name} institutions={institutions()} />}</For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}

function MentorBadgeCard(props: { userId: string; name: string; institutions: Array<{ institutionId: string; institutionName: string }> }) {
  const [asked, setAsked] = createSignal(false);
  const [r, { refetch, mutate }] = createResource(() => asked() && props.userId, record);
  const form = createForm();
  const issue = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      const institutionId = v[`institution-${props.userId}`] ?? props.institutions[0]!.institutionId;
      const issued = await msend(mapi.mentors[':userId'].badge.$post({ param: { userId: props.userId }, json: { institutionId } }));
      const current = r();
      if (current) mutate({ ...current, certificateId: issued.id });
    });
  return (
    <li data-mentor={props.userId}>
      <h3>{props.name}</h3>
      <Show when={asked()} fallback={<button type="button" onClick={() => setAsked(true)}>{tm('badgeCheck', { name: props.name })}</button>}>
        <Show when={!r.error} fallback={<LoadError error={r.error} retry={refetch} />}>
          <Show when={r()}>
            {(x) => (
              <>
                <Progress record={x()} />
                <Show when={x().eligible && !x().certificateId}>
                  <form method="post" onSubmit={issue}>
                    <FormError form={form} />
                    <Show when={props.institutions.length > 1}>
                      <Select name={`institution-${props.userId}`} label={tm('badgeInstitution')}>
                        <For each={props.institutions}>{(i) => <option value={i.institutionId}>{i.institutionName}</option>}</For>
                      </Select>
                    </Show>
                    <Submit form={form}>{tm('badgeIssue', { name: props.name })}</Submit>
                  </form>
                </Show>
              </>
            )}
          </Show>
        </Show>
      </Show>
    </li>
  );
}
