import { createResource, createSignal, For, Show, Suspense } from 'solid-js';
import { send } from '../api';
import { formatTime } from '../format';
import { t } from '../i18n';
import { ti } from '../i18n/integrations';
import type { Params } from '../router';
import { me } from '../session';
import { Field } from '../ui/field';
import { StaffLoadError } from '../ui/figures';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';
import { loadInstitutions } from './staff-data';
import { iapi, loadContexts, loadPlatforms, loadTool, splitList, type Platform } from './lti-data';
import { LrsSettings } from './lti-lrs';

const when = (iso: string | null) => (iso ? formatTime(new Date(iso)) : ti('never'));

/** The addresses the academy's admin types into their platform. */
function ToolAddresses() {
  const [tool] = createResource(loadTool);
  return (
    <Show when={tool()}>
      {(cfg) => (
        <dl class="facts-list" id="lti-tool">
          <dt>{ti('toolLogin')}</dt>
          <dd class="pre" dir="ltr">{cfg().loginUrl}</dd>
          <dt>{ti('toolRedirect')}</dt>
          <dd class="pre" dir="ltr">{cfg().redirectUrl}</dd>
          <dt>{ti('toolJwks')}</dt>
          <dd class="pre" dir="ltr">{cfg().jwksUrl}</dd>
          <dt>{ti('toolDeepLinking')}</dt>
          <dd class="pre" dir="ltr">{cfg().deepLinkingUrl}</dd>
          <dt>{ti('toolCustom')}</dt>
          <dd class="pre" dir="ltr">{cfg().customParameters}</dd>
        </dl>
      )}
    </Show>
  );
}

/** The registration's fields, blank for a new platform or filled for an edit. */
function PlatformFields(props: { form: ReturnType<typeof createForm>; platform?: Platform }) {
  const p = () => props.platform;
  return (
    <>
      <Field name="name" label={ti('platformName')} hint={ti('platformNameHint')} value={p()?.name ?? ''} error={props.form.fieldError('name')} required maxlength="120" />
      <Field name="issuer" type="url" dir="ltr" label={ti('platformIssuer')} hint={ti('issuerHint')} value={p()?.issuer ?? ''} error={props.form.fieldError('issuer')} required />
      <Field name="clientId" dir="ltr" label={ti('platformClientId')} hint={ti('clientIdHint')} value={p()?.clientId ?? ''} error={props.form.fieldError('clientId')} required />
      <Field name="deploymentIds" dir="ltr" label={ti('platformDeployments')} hint={ti('deploymentsHint')} value={p()?.deploymentIds.join(', ') ?? ''} error={props.form.fieldError('deploymentIds')} required />
      <Field name="jwksUrl" type="url" dir="ltr" label={ti('jwksUrl')} value={p()?.jwksUrl ?? ''} error={props.form.fieldError('jwksUrl')} required />
      <Field name="authUrl" type="url" dir="ltr" label={ti('authUrl')} value={p()?.authUrl ?? ''} error={props.form.fieldError('authUrl')} required />
      <Field name="tokenUrl" type="url" dir="ltr" label={ti('tokenUrl')} value={p()?.tokenUrl ?? ''} error={props.form.fieldError('tokenUrl')} required />
    </>
  );
}

const fieldsOf = (v: Record<string, string>) => ({
  name: v.name ?? '',
  issuer: v.issuer ?? '',
  clientId: v.clientId ?? '',
  deploymentIds: splitList(v.deploymentIds),
  jwksUrl: v.jwksUrl ?? '',
  authUrl: v.authUrl ?? '',
  tokenUrl: v.tokenUrl ?? '',
});

function RegisterPlatform(props: { institutionId: string; onDone: () => void }) {
  const form = createForm();
  const [done, setDone] = createSignal('');
  const register = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setDone('');
      await send(iapi.lti.platforms.$post({ json: { institutionId: props.institutionId, ...fieldsOf(v) } }));
      (event.target as HTMLFormElement).reset();
      setDone(ti('saved'));
      props.onDone();
    });
  return (
    <form method="post" onSubmit={register} id="register-platform">
      <FormError form={form} />
      <PlatformFields form={form} />
      <Submit form={form}>{ti('register')}</Submit>
      <p role="status" class="status">
        {done()}
      </p>
    </form>
  );
}

/** The platform's courses: their cohorts, gradebook deliveries and roster sync. */
function Courses(props: { platformId: string }) {
  const [contexts, { refetch }] = createResource(() => props.platformId, loadContexts);
  const [said, setSaid] = createSignal('');
  const roster = createForm();
  const scores = createForm();
  const sync = (contextId: string) => (event: SubmitEvent) =>
    roster.submit(event, async () => {
      const r = await send(iapi.lti.contexts[':contextId'].roster.$post({ param: { contextId } }));
      setSaid(ti('rosterSynced', { added: String(r.added), removed: String(r.removed), learners: String(r.learners) }));
      void refetch();
    });
  const sendScores = (event: SubmitEvent) =>
    scores.submit(event, async () => {
      const r = await send(iapi.lti.platforms[':platformId'].scores.send.$post({ param: { platformId: props.platformId } }));
      setSaid(ti('sent', { sent: String(r.sent), failed: String(r.failed) }));
      void refetch();
    });
  return (
    <Suspense fallback={<p class="muted">{t('loading')}</p>}>
      <Show when={!contexts.error} fallback={<StaffLoadError error={contexts.error} retry={refetch} />}>
        <FormError form={roster} />
        <FormError form={scores} />
        <p role="status" class="status">
          {said()}
        </p>
        <Show when={contexts()?.length} fallback={<p class="muted">{ti('noCourses')}</p>}>
          <ul class="cards lines">
            <For each={contexts()}>
              {(c) => (
                <li data-context={c.contextId}>
                  <p class="strong">{c.title}</p>
                  <p class="facts">
                    <Show when={c.cohort}>{(cohort) => <a href={`/teach/${cohort().id}`}>{ti('cohortLabel', { cohort: cohort().name })}</a>}</Show>
                    <span>{ti('linksCount', { links: String(c.links.length), learners: String(c.links.reduce((n, l) => n + l.learners, 0)) })}</span>
                    <span>{ti('gradebook', { delivered: String(c.scores.delivered), pending: String(c.scores.pending), failing: String(c.scores.failing) })}</span>
                  </p>
                  <Show when={c.scores.lastError}>
                    <p class="alert small">{c.scores.lastError}</p>
                  </Show>
                  <Show when={c.rosterSyncedAt}>
                    <p class="small">{ti('rosterLast', { when: when(c.rosterSyncedAt) })}</p>
                  </Show>
                  <Show when={c.rosterError}>
                    <p class="alert small">{c.rosterError}</p>
                  </Show>
                  <Show when={c.rosterSync}>
                    <form method="post" onSubmit={sync(c.id)}>
                      <button type="submit" class="small-button" disabled={roster.busy()}>
                        {ti('syncRoster', { course: c.title })}
                      </button>
                    </form>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <form method="post" onSubmit={sendScores}>
            <button type="submit" class="small-button" disabled={scores.busy()}>
              {ti('sendScores')}
            </button>
          </form>
        </Show>
      </Show>
    </Suspense>
  );
}

function PlatformCard(props: { platform: Platform; onChanged: () => void }) {
  const p = () => props.platform;
  const [checks, setChecks] = createSignal<Array<{ name: string; ok: boolean; message: string }>>();
  const [editing, setEditing] = createSignal(false);
  const check = createForm();
  const edit = createForm();
  const remove = createForm();
  const runCheck = (event: SubmitEvent) =>
    check.submit(event, async () => {
      setChecks((await send(iapi.lti.platforms[':platformId'].check.$post({ param: { platformId: p().id } }))).checks);
    });
  const save = (event: SubmitEvent) =>
    edit.submit(event, async (v) => {
      await send(iapi.lti.platforms[':platformId'].$patch({ param: { platformId: p().id }, json: fieldsOf(v) }));
      setEditing(false);
      props.onChanged();
    });
  const drop = (event: SubmitEvent) =>
    remove.submit(event, async () => {
      await send(iapi.lti.platforms[':platformId'].$delete({ param: { platformId: p().id } }));
      props.onChanged();
    });
  return (
    <li data-platform={p().id}>
      <p class="strong">{p().name}</p>
      <dl class="facts-list">
        <dt>{ti('platformIssuer')}</dt>
        <dd dir="ltr">{p().issuer}</dd>
        <dt>{ti('platformClientId')}</dt>
        <dd dir="ltr">{p().clientId}</dd>
        <dt>{ti('platformDeployments')}</dt>
        <dd dir="ltr">{p().deploymentIds.join(', ')}</dd>
        <dt>{ti('platformLastLaunch')}</dt>
        <dd>{when(p().lastLaunchAt)}</dd>
      </dl>
      <Show when={p().lastError}>{(e) => <p class="alert small">{ti('lastRefusal', { when: when(e().at), message: e().message })}</p>}</Show>
      <FormError form={check} />
      <FormError form={remove} />
      <Show when={checks()}>
        {(list) => (
          <ul class="lines" aria-live="polite">
            <Show when={list().every((c) => c.ok)}>
              <li>{ti('checkOk')}</li>
            </Show>
            <For each={list().filter((c) => !c.ok)}>{(c) => <li class="alert small">{c.message}</li>}</For>
          </ul>
        )}
      </Show>
      <div class="buttons">
        <form method="post" onSubmit={runCheck}>
          <button type="submit" class="small-button" disabled={check.busy()} aria-label={ti('checkPlatform', { name: p().name })}>
            {check.busy() ? t('working') : ti('check')}
          </button>
        </form>
        <button type="button" class="small-button" aria-expanded={editing()} aria-label={ti('editPlatform', { name: p().name })} onClick={() => setEditing(!editing())}>
          {ti('edit')}
        </button>
        <form method="post" onSubmit={drop}>
          <button type="submit" class="small-button danger" disabled={remove.busy()} aria-label={ti('removePlatform', { name: p().name })}>
            {ti('removeButton')}
          </button>
        </form>
      </div>
      <Show when={editing()}>
        <form method="post" onSubmit={save}>
          <FormError form={edit} />
          <PlatformFields form={edit} platform={p()} />
          <Submit form={edit}>{ti('save')}</Submit>
        </form>
      </Show>
      <details class="change">
        <summary>{ti('coursesTitle')}</summary>
        <Courses platformId={p().id} />
      </details>
    </li>
  );
}

/** An institution's connected systems: the LTI platforms that launch into Cascade, and its LRS. */
export function LtiConnections(props: { params: Params }) {
  const institutionId = () => props.params.institutionId ?? '';
  const [name] = createResource(institutionId, async (id) => {
    const own = me()?.memberships.find((m) => m.institutionId === id)?.institutionName;
    return own ?? (await loadInstitutions().catch(() => [])).find((i) => i.id === id)?.name ?? '';
  });
  const [platforms, { refetch }] = createResource(institutionId, loadPlatforms);
  return (
    <Page title={name() ? ti('connectionsOf', { institution: name()! }) : ti('connectionsTitle')}>
      <p class="hint">{ti('connectionsIntro')}</p>
      <h2>{ti('toolTitle')}</h2>
      <p>{ti('toolIntro')}</p>
      <ToolAddresses />
      <h2>{ti('platformsTitle')}</h2>
      <Suspense fallback={<p class="muted">{t('loading')}</p>}>
        <Show when={!platforms.error} fallback={<StaffLoadError error={platforms.error} retry={refetch} />}>
          <Show when={platforms()?.length} fallback={<p>{ti('noPlatforms')}</p>}>
            <ul class="cards" id="platforms">
              <For each={platforms()}>{(p) => <PlatformCard platform={p} onChanged={() => void refetch()} />}</For>
            </ul>
          </Show>
          <h2>{ti('registerTitle')}</h2>
          <RegisterPlatform institutionId={institutionId()} onDone={() => void refetch()} />
        </Show>
      </Suspense>
      <h2>{ti('lrsTitle')}</h2>
      <p>{ti('lrsIntro')}</p>
      <LrsSettings institutionId={institutionId()} />
    </Page>
  );
}
