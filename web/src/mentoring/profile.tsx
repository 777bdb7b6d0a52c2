import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { LOCALES, SECTORS } from '../../../db/schema/enums';
import { LOCALE_NAMES, locale, t } from '../i18n';
import { tm } from '../i18n/mentoring';
import { countries } from '../pages/countries';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { IssueBadges, MyBadge } from './badge';
import { mapi, msend, type MentorProfile } from './client';
import { allValues, CheckGroup, courseTitles, expertiseLabel, TextArea, Toggle } from './parts';

/** The course areas and sectors a profile or a search can name, as checkbox options. */
export function expertiseOptions() {
  const courses = [...courseTitles()].map(([value, label]) => ({ value, label }));
  const sectors = SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) }));
  return { courses, sectors };
}

export const languageOptions = () => LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }));

/** "ne, hi" -> ['ne', 'hi']; anything else is left for the server to refuse with its reason. */
export const codes = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,;]+/)
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);

/** Create or edit one's mentor profile; a new one waits for an administrator's approval. */
export function MentorProfileScreen() {
  const [profile, { refetch, mutate }] = createResource(async () => (await msend(mapi.mentors.me.$get())).profile);
  const form = createForm();
  const [saved, setSaved] = createSignal(false);
  const countryList = createMemo(() => countries(locale()));
  const options = createMemo(expertiseOptions);
  const save = (event: SubmitEvent) => {
    const el = event.currentTarget as HTMLFormElement;
    return form.submit(event, async (v) => {
      setSaved(false);
      const languages = [...allValues(el, 'languages'), ...codes(v.otherLanguages)];
      const next = await msend(
        mapi.mentors.me.$put({
          json: {
            bio: v.bio ?? '',
            expertise: allValues(el, 'expertise'),
            languages: [...new Set(languages)],
            jurisdictions: allValues(el, 'jurisdictions'),
            capacity: Number(v.capacity),
            available: v.available === 'yes',
            womensNetwork: v.womensNetwork === 'yes',
          },
        }),
      );
      mutate(next);
      setSaved(true);
    });
  };
  const has = (list: readonly string[] | undefined, value: string) => Boolean(list?.includes(value));
  return (
    <Page title={tm('profileTitle')}>
      <p>{tm('profileIntro')}</p>
      <Show when={!profile.error} fallback={<LoadError error={profile.error} retry={refetch} />}>
        <Show when={profile.state === 'ready'}>
          <ProfileStatus profile={profile() ?? null} />
          <Show when={profile()?.status === 'approved' && profile()?.userId}>{(id) => <MyBadge userId={id()} />}</Show>
          <form method="post" onSubmit={save} onInput={() => setSaved(false)} id="mentor-profile">
            <FormError form={form} />
            <TextArea name="bio" label={tm('bio')} hint={tm('bioHint')} value={profile()?.bio ?? ''} error={form.fieldError('bio')} required minLength={20} maxLength={1500} />
            <fieldset class="checks">
              <legend>{tm('expertise')}</legend>
              <p class="hint">{tm('expertiseHint')}</p>
              <CheckGroup name="expertise" legend={tm('courseAreas')} options={options().courses} checked={(x) => has(profile()?.expertise, x)} error={form.fieldError('expertise')} />
              <CheckGroup name="expertise" legend={tm('sectors')} options={options().sectors} checked={(x) => has(profile()?.expertise, x)} />
            </fieldset>
            <CheckGroup name="languages" legend={tm('languages')} options={languageOptions()} checked={(x) => has(profile()?.languages, x)} error={form.fieldError('languages')} />
            <Field
              name="otherLanguages"
              label={tm('otherLanguages')}
              hint={tm('otherLanguagesHint')}
              value={(profile()?.languages ?? []).filter((l) => !(LOCALES as readonly string[]).includes(l)).join(', ')}
              dir="ltr"
            />
            <div class="field">
              <label for="f-jurisdictions">{tm('jurisdictions')}</label>
              <p class="hint" id="f-jurisdictions-hint">
                {tm('jurisdictionsHint')}
              </p>
              <select id="f-jurisdictions" name="jurisdictions" multiple size={6} aria-describedby="f-jurisdictions-hint">
                <For each={countryList()}>
                  {([code, name]) => (
                    <option value={code} selected={has(profile()?.jurisdictions, code)}>
                      {name}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <Field name="capacity" type="number" inputmode="numeric" min={1} max={10} label={tm('capacity')} value={String(profile()?.capacity ?? 2)} error={form.fieldError('capacity')} required />
            <Toggle name="available" label={tm('available')} checked={profile()?.available ?? true} />
            <Toggle name="womensNetwork" label={tm('womensNetwork')} hint={tm('womensNetworkHint')} checked={profile()?.womensNetwork ?? false} />
            <Submit form={form}>{tm('saveProfile')}</Submit>
            <p role="status" class="status">
              {saved() ? tm('profileSaved') : ''}
            </p>
          </form>
        </Show>
      </Show>
    </Page>
  );
}

function ProfileStatus(props: { profile: MentorProfile | null }) {
  return (
    <Show when={props.profile}>
      {(p) => (
        <div class="notice info" id="profile-status" data-status={p().status}>
          <p>{tm('profileStatus', { status: tm(`status.${p().status}`) })}</p>
          <Show when={p().status === 'pending'}>
            <p>{tm('profileWaits')}</p>
          </Show>
          <Show when={p().reviewNote}>
            <p>{tm('reviewNote', { note: p().reviewNote ?? '' })}</p>
          </Show>
        </div>
      )}
    </Show>
  );
}

/** Profiles waiting for review, for admins of the mentor's institution and programme admins. */
export function ReviewProfiles() {
  const [pending, { refetch }] = createResource(async () => (await msend(mapi.mentors.pending.$get())).profiles);
  const [done, setDone] = createSignal('');
  return (
    <Page title={tm('reviewTitle')}>
      <p role="status" class="status">
        {done()}
      </p>
      <h2>{tm('reviewPending')}</h2>
      <Show when={!pending.error} fallback={<LoadError error={pending.error} retry={refetch} />}>
        <Show when={pending()?.length} fallback={<Show when={pending()}>{<p>{tm('reviewNone')}</p>}</Show>}>
          <ul class="cards" id="pending-profiles">
            <For each={pending()}>
              {(p) => (
                <li data-user={p.username}>
                  <h3>{p.name}</h3>
                  <p class="user-text">{p.bio}</p>
                  <dl class="facts-list">
                    <dt>{tm('expertise')}</dt>
                    <dd>{p.expertise.map((x) => expertiseLabel(x)).join(', ')}</dd>
                    <dt>{tm('languages')}</dt>
                    <dd>{p.languages.join(', ')}</dd>
                    <dt>{tm('capacity')}</dt>
                    <dd>{p.capacity}</dd>
                  </dl>
                  <ReviewForm userId={p.userId} name={p.name} onDone={(status) => (setDone(tm('reviewed', { name: p.name, status: tm(`status.${status}`) })), void refetch())} />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <IssueBadges />
    </Page>
  );
}

function ReviewForm(props: { userId: string; name: string; onDone: (status: 'approved' | 'rejected') => void }) {
  const form = createForm();
  let decision: 'approve' | 'reject' = 'approve';
  const review = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      const note = v[`note-${props.userId}`]?.trim();
      const result = await msend(mapi.mentors[':userId'].review.$post({ param: { userId: props.userId }, json: { decision, ...(note ? { note } : {}) } }));
      props.onDone(result.status === 'approved' ? 'approved' : 'rejected');
    });
  return (
    <form method="post" onSubmit={review}>
      <FormError form={form} />
      <Field name={`note-${props.userId}`} label={tm('reviewNoteLabel')} />
      <div class="row-actions">
        <button type="submit" class="primary" disabled={form.busy()} onClick={() => (decision = 'approve')}>
          {tm('approve')}
        </button>
        <button type="submit" disabled={form.busy()} onClick={() => (decision = 'reject')}>
          {tm('reject')}
        </button>
      </div>
    </form>
  );
}
