import { For, Show } from 'solid-js';
import { api, send } from '../api';
import { t } from '../i18n';
import { me, setMe } from '../session';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';

/** Where a signed-in person lands: their cohorts, their roles, and a way into another cohort. */
export function Home() {
  const form = createForm();
  const joinCohort = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setMe(await send(api.me.cohorts.$post({ json: { joinCode: v.joinCode ?? '' } })));
      (event.target as HTMLFormElement).reset();
    });
  return (
    <Show when={me()}>
      {(person) => (
        <Page title={t('welcome', { name: person().displayName })}>
          <h2>{t('yourCohorts')}</h2>
          <Show when={person().cohorts.length > 0} fallback={<p>{t('noCohorts')}</p>}>
            <ul class="cards" id="cohorts">
              <For each={person().cohorts}>
                {(cohort) => (
                  <li>
                    <strong>{cohort.name}</strong> <span class="tag">{t(`role.${cohort.role}`)}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={person().memberships.length > 0 || person().programmeAdmin}>
            <h2>{t('yourRoles')}</h2>
            <ul class="cards" id="roles">
              <Show when={person().programmeAdmin}>
                <li>{t('programmeAdmin')}</li>
              </Show>
              <For each={person().memberships}>
                {(m) => (
                  <li>
                    {m.institutionName} <span class="tag">{t(`role.${m.role}`)}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <h2>{t('joinAnother')}</h2>
          <form method="post" onSubmit={joinCohort}>
            <FormError form={form} />
            <Field name="joinCode" label={t('joinCode')} error={form.fieldError('joinCode')} autocomplete="off" autocapitalize="characters" spellcheck={false} required />
            <Submit form={form}>{t('joinButton')}</Submit>
          </form>
        </Page>
      )}
    </Show>
  );
}
