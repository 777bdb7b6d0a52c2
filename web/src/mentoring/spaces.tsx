import { createResource, For, Show } from 'solid-js';
import { SECTORS } from '../../../db/schema/enums';
import { KINDS } from './vocab';
import { formatDate } from '../format';
import { t } from '../i18n';
import { tm } from '../i18n/mentoring';
import { createForm, FormError } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { listSpaces, mapi, msend, type Space } from './client';
import { keep, readThrough, type Loaded } from './community-data';
import { countryName, courseTitles } from './parts';

export const loadSpaces = () => readThrough('spaces', listSpaces);

/** A space's name in the reader's language, from its kind and key. */
export function spaceName(space: Pick<Space, 'kind' | 'key' | 'name'>): string {
  switch (space.kind) {
    case 'course':
      return courseTitles().get(space.key) ?? space.name;
    case 'country':
      return countryName(space.key);
    case 'sector':
      return (SECTORS as readonly string[]).includes(space.key) ? t(`sector.${space.key as (typeof SECTORS)[number]}`) : space.name;
    case 'womens_network':
      return tm('womensNetworkName');
  }
}

/** "Saved on this phone on …" when a screen shows its offline copy. */
export function OfflineCopy(props: { loaded: Loaded<unknown> | undefined }) {
  return (
    <Show when={props.loaded?.savedAt}>
      {(at) => (
        <p class="notice info" role="status" id="offline-copy">
          {tm('offlineCopy', { date: formatDate(at()) })}
        </p>
      )}
    </Show>
  );
}

/** Community spaces by kind: per course, country and sector, and the women's network by opt-in. */
export function Spaces() {
  const [spaces, { refetch, mutate }] = createResource(loadSpaces);
  const ofKind = (kind: Space['kind']) => spaces()?.value.filter((s) => s.kind === kind) ?? [];
  const changed = (space: Space, joined: boolean) => {
    const current = spaces();
    if (!current) return;
    const value = current.value.map((s) => (s.id === space.id ? { ...s, joined } : s));
    mutate({ ...current, value });
    keep('spaces', value);
  };
  return (
    <Page title={tm('spacesTitle')}>
      <p>{tm('spacesIntro')}</p>
      <Show when={!spaces.error} fallback={<LoadError error={spaces.error} retry={refetch} />}>
        <OfflineCopy loaded={spaces()} />
        <For each={KINDS}>
          {(kind) => (
            <Show when={ofKind(kind).length}>
              <h2>{tm(`kind.${kind}`)}</h2>
              <ul class="cards spaces" id={`spaces-${kind}`}>
                <For each={ofKind(kind)}>{(space) => <SpaceItem space={space} onChange={(joined) => changed(space, joined)} />}</For>
              </ul>
            </Show>
          )}
        </For>
      </Show>
    </Page>
  );
}

function SpaceItem(props: { space: Space; onChange: (joined: boolean) => void }) {
  const form = createForm();
  const readable = () => !props.space.optIn || props.space.joined || props.space.moderator;
  const toggle = (event: SubmitEvent) =>
    form.submit(event, async () => {
      const param = { param: { spaceId: props.space.id } };
      if (props.space.joined) await msend(mapi.spaces[':spaceId'].leave.$post(param));
      else await msend(mapi.spaces[':spaceId'].join.$post(param));
      props.onChange(!props.space.joined);
    });
  return (
    <li data-space={props.space.kind} data-key={props.space.key}>
      <Show when={readable()} fallback={<span class="strong">{spaceName(props.space)}</span>}>
        <a href={`/mentoring/community/${props.space.id}`}>{spaceName(props.space)}</a>
      </Show>{' '}
      <Show when={props.space.joined}>
        <span class="tag">{tm('joined')}</span>{' '}
      </Show>
      <Show when={props.space.moderator}>
        <span class="tag">{tm('moderatorTag')}</span>
      </Show>
      <Show when={props.space.optIn}>
        <p class="hint">{tm('womensNetworkHint')}</p>
      </Show>
      <form method="post" onSubmit={toggle} class="inline-form">
        <FormError form={form} />
        <button type="submit" class="small-button" disabled={form.busy()} aria-label={`${props.space.joined ? tm('leave') : props.space.optIn ? tm('optIn') : tm('join')}: ${spaceName(props.space)}`}>
          {props.space.joined ? tm('leave') : props.space.optIn ? tm('optIn') : tm('join')}
        </button>
      </form>
    </li>
  );
}
