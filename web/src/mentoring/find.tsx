import { createMemo, createSignal, For, Show } from 'solid-js';
import { locale } from '../i18n';
import { tm } from '../i18n/mentoring';
import { me } from '../session';
import { countries } from '../pages/countries';
import { Field, Select } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';
import { mapi, msend, type Suggestion } from './client';
import { codes, expertiseOptions, languageOptions } from './profile';
import { allValues, CheckGroup, countryName, expertiseLabel, languageName, listOf, TextArea, Toggle, UserText } from './parts';

type Reason = Suggestion['reasons'][number] & { values?: string[]; value?: string; load?: number; capacity?: number };

/** A reason for a match, in the reader's language (the API's `text` is English, for logs). */
export function reasonText(reason: Reason): string {
  switch (reason.kind) {
    case 'expertise':
      return tm('reason.expertise', { list: listOf((reason.values ?? []).map(expertiseLabel)) });
    case 'language':
      return tm('reason.language', { list: listOf((reason.values ?? []).map(languageName)) });
    case 'jurisdiction':
      return tm('reason.jurisdiction', { country: countryName(reason.value ?? '') });
    case 'woman':
      return tm('reason.woman');
    case 'room':
      return tm('reason.room', { load: String(reason.load ?? 0), capacity: String(reason.capacity ?? 0) });
  }
}

/** The mentee says what they need and gets ranked mentors, each with why; then asks one. */
export function FindMentor() {
  const form = createForm();
  const [suggestions, setSuggestions] = createSignal<Suggestion[] | null>(null);
  const [needs, setNeeds] = createSignal('');
  const options = createMemo(expertiseOptions);
  const countryList = createMemo(() => countries(locale()));
  const search = (event: SubmitEvent) => {
    const el = event.currentTarget as HTMLFormElement;
    return form.submit(event, async (v) => {
      setNeeds(v.needs ?? '');
      const found = await msend(
        mapi.mentors.suggestions.$post({
          json: {
            expertise: allValues(el, 'expertise'),
            languages: [...new Set([...allValues(el, 'languages'), ...codes(v.otherLanguages)])],
            ...(v.jurisdiction ? { jurisdiction: v.jurisdiction } : {}),
            preferWoman: v.preferWoman === 'yes',
          },
        }),
      );
      setSuggestions(found.suggestions);
    });
  };
  return (
    <Page title={tm('findTitle')}>
      <p>{tm('findIntro')}</p>
      <form method="post" onSubmit={search} id="find-mentor">
        <FormError form={form} />
        <TextArea name="needs" label={tm('needs')} hint={tm('needsHint')} required minLength={10} maxLength={1000} />
        <fieldset class="checks">
          <legend>{tm('expertiseWanted')}</legend>
          <CheckGroup name="expertise" legend={tm('courseAreas')} options={options().courses} checked={() => false} error={form.fieldError('expertise')} />
          <CheckGroup name="expertise" legend={tm('sectors')} options={options().sectors} checked={(x) => x === me()?.sector} />
        </fieldset>
        <CheckGroup name="languages" legend={tm('languagesWanted')} options={languageOptions()} checked={(x) => x === locale()} />
        <Field name="otherLanguages" label={tm('otherLanguages')} hint={tm('otherLanguagesHint')} dir="ltr" />
        <Select name="jurisdiction" label={tm('jurisdictionWanted')}>
          <option value="">{tm('anyCountry')}</option>
          <For each={countryList()}>
            {([code, name]) => (
              <option value={code} selected={code === me()?.country}>
                {name}
              </option>
            )}
          </For>
        </Select>
        <Toggle name="preferWoman" label={tm('preferWoman')} checked={false} />
        <Submit form={form}>{tm('suggest')}</Submit>
      </form>
      <Show when={suggestions()}>
        {(list) => (
          <section aria-labelledby="suggestions-title">
            <h2 id="suggestions-title" tabindex="-1">
              {tm('suggestionsTitle')}
            </h2>
            <Show when={list().length} fallback={<p>{tm('noSuggestions')}</p>}>
              <ol class="cards" id="suggestions">
                <For each={list()}>{(s) => <SuggestionCard suggestion={s} needs={needs()} />}</For>
              </ol>
            </Show>
          </section>
        )}
      </Show>
    </Page>
  );
}

function SuggestionCard(props: { suggestion: Suggestion; needs: string }) {
  const form = createForm();
  const [sent, setSent] = createSignal(false);
  const mentor = () => props.suggestion.mentor;
  const ask = (event: SubmitEvent) =>
    form.submit(event, async () => {
      await msend(mapi.mentorships.requests.$post({ json: { mentorId: mentor().userId, needs: props.needs } }));
      setSent(true);
    });
  return (
    <li class="suggestion" data-mentor={mentor().userId}>
      <h3>{mentor().name}</h3>
      <UserText text={mentor().bio} />
      <h4>{tm('whyMatch')}</h4>
      <ul class="reasons">
        <For each={props.suggestion.reasons as Reason[]}>{(r) => <li data-kind={r.kind}>{reasonText(r)}</li>}</For>
      </ul>
      <Show
        when={!sent()}
        fallback={
          <p role="status" class="notice ok">
            {tm('requestSent', { name: mentor().name })}
          </p>
        }
      >
        <form method="post" onSubmit={ask}>
          <FormError form={form} />
          <Submit form={form}>{tm('askMentor', { name: mentor().name })}</Submit>
        </form>
      </Show>
    </li>
  );
}
