import { createResource, createSignal, For, Show, Suspense } from 'solid-js';
import { api, send } from '../api';
import { loadCatalogue } from '../content';
import { locale, t } from '../i18n';
import { ts } from '../i18n/staff';
import type { Params } from '../router';
import { me } from '../session';
import { Field } from '../ui/field';
import { StaffLoadError } from '../ui/figures';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';
import { CartridgeExport } from './cartridge-export';
import { courseTitles, loadInstitutions, managesIn } from './staff-data';

type Adoption = Awaited<ReturnType<typeof loadAdoptions>>[number];

const loadAdoptions = async (institutionId: string) =>
  (await send(api.institutions[':institutionId'].adoptions.$get({ param: { institutionId } }))).adoptions;

/** The institution's name from the person's own roles; a programme admin may hold none there. */
async function institutionName(institutionId: string) {
  const own = me()?.memberships.find((m) => m.institutionId === institutionId)?.institutionName;
  return own ?? (await loadInstitutions().catch(() => [])).find((i) => i.id === institutionId)?.name ?? '';
}

function Remove(props: { institutionId: string; adoption: Adoption; label: string; onRemoved: () => void }) {
  const form = createForm();
  const remove = (event: SubmitEvent) =>
    form.submit(event, async () => {
      await send(api.institutions[':institutionId'].adoptions[':adoptionId'].$delete({ param: { institutionId: props.institutionId, adoptionId: props.adoption.id } }));
      props.onRemoved();
    });
  return (
    <form method="post" onSubmit={remove}>
      <FormError form={form} />
      <button type="submit" class="small-button" disabled={form.busy()} aria-label={ts('removeAdoption', { what: props.label })}>
        {ts('remove')}
      </button>
    </form>
  );
}

function AddAdoption(props: { institutionId: string; onAdded: () => void }) {
  const form = createForm();
  const [catalogue] = createResource(locale, (l) => loadCatalogue(l).catch(() => undefined));
  const [courseId, setCourseId] = createSignal<string>();
  const [added, setAdded] = createSignal('');
  const chosen = () => catalogue()?.courses.find((c) => c.id === courseId()) ?? catalogue()?.courses[0];
  const add = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setAdded('');
      await send(
        api.institutions[':institutionId'].adoptions.$post({
          param: { institutionId: props.institutionId },
          json: { courseId: v.courseId ?? '', courseVersion: v.courseVersion?.trim() ?? '', programme: v.programme ?? '', year: Number(v.year), note: v.note?.trim() || undefined },
        }),
      );
      (event.target as HTMLFormElement).reset();
      setAdded(ts('adoptionAdded'));
      props.onAdded();
    });
  return (
    <form method="post" onSubmit={add} onInput={() => setAdded('')} id="add-adoption">
      <FormError form={form} />
      <div class="field">
        <label for="f-courseId">{ts('by.course')}</label>
        <select id="f-courseId" name="courseId" onChange={(e) => setCourseId(e.currentTarget.value)}>
          <For each={catalogue()?.courses}>
            {(c) => (
              <option value={c.id} selected={c.id === chosen()?.id}>
                {c.title}
              </option>
            )}
          </For>
        </select>
      </div>
      <Field name="courseVersion" label={t('courseVersion')} hint={ts('courseVersionHint')} value={chosen()?.version ?? ''} error={form.fieldError('courseVersion')} required class="short" />
      <Field name="programme" label={ts('programmeCol')} hint={ts('programmeHint')} error={form.fieldError('programme')} required minlength="3" maxlength="120" />
      <Field name="year" type="number" inputmode="numeric" min="2000" max="2100" label={ts('year')} value={new Date().getFullYear()} error={form.fieldError('year')} required class="short" />
      <Field name="note" label={ts('adoptionNote')} error={form.fieldError('note')} maxlength="500" />
      <Submit form={form}>{ts('recordAdoption')}</Submit>
      <p role="status" class="status" id="adoption-status">
        {added()}
      </p>
    </form>
  );
}

/** Where an institution has embedded the programme's courses in its own programmes: its admins keep the record. */
export function Adoptions(props: { params: Params }) {
  const institutionId = () => props.params.institutionId ?? '';
  const titleOf = courseTitles();
  const [name] = createResource(institutionId, institutionName);
  const [list, { refetch }] = createResource(institutionId, loadAdoptions);
  const admin = () => managesIn(me()!, institutionId());
  const label = (a: Adoption) => `${titleOf(a.courseId)}, ${a.programme}, ${a.year}`;
  return (
    <Page title={name() ? ts('adoptionOf', { institution: name()! }) : ts('adoptionTitle')}>
      <p class="hint">{ts('adoptionIntro')}</p>
      <Suspense fallback={<p class="muted">{t('loading')}</p>}>
        <Show when={!list.error} fallback={<StaffLoadError error={list.error} retry={refetch} />}>
          <Show when={list()?.length} fallback={<p>{ts('noAdoptionHere')}</p>}>
            <ul class="cards" id="adoptions">
              <For each={list()}>
                {(a) => (
                  <li data-adoption={a.id}>
                    <p class="strong">{titleOf(a.courseId)}</p>
                    <p class="facts">
                      <span>
                        {t('courseVersion')}: <bdi>{a.courseVersion}</bdi>
                      </span>
                      <span>{a.programme}</span>
                      <span>{String(a.year)}</span>
                    </p>
                    <Show when={a.note}>
                      <p class="small pre">{a.note}</p>
                    </Show>
                    <Show when={admin()}>
                      <Remove institutionId={institutionId()} adoption={a} label={label(a)} onRemoved={() => void refetch()} />
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </Suspense>
      <Show when={admin()}>
        <h2>{ts('recordAdoption')}</h2>
        <AddAdoption institutionId={institutionId()} onAdded={() => void refetch()} />
        <CartridgeExport institutionId={institutionId()} />
      </Show>
    </Page>
  );
}
