import { createResource, For, Show, Suspense } from 'solid-js';
import { api, send } from '../api';
import { loadCatalogue } from '../content';
import { locale, t } from '../i18n';
import { me, setMe } from '../session';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { CourseCard } from './course-card';

/** "My courses": the catalogue with each course's size, then the person's cohorts and roles. */
export function Home() {
  const form = createForm();
  const [catalogue, { refetch }] = createResource(locale, loadCatalogue);
  const joinCohort = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setMe(await send(api.me.cohorts.$post({ json: { joinCode: v.joinCode ?? '' } })));
      (event.target as HTMLFormElement).reset();
    });
  return (
    <Show when={me()}>
      {(person) => (
        <Page title={t('welcome', { name: person().displayName })}>
          <h2>{t('myCourses')}</h2>
          <Suspense fallback={<p class="muted">{t('loading')}</p>}>
            <Show when={!catalogue.error} fallback={<LoadError error={catalogue.error} retry={refetch} />}>
              <Show when={catalogue()?.courses.length} fallback={<p>{t('noCourses')}</p>}>
                <ul class="cards" id="courses">
                  <For each={catalogue()?.courses}>{(course) => <CourseCard course={course} />}</For>
                </ul>
              </Show>
            </Show>
          </Suspense>
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
