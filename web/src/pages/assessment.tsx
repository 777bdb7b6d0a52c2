import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, ApiError, send } from '../api';
import { formatNumber, formatTime } from '../format';
import { locale, t } from '../i18n';
import type { Params } from '../router';
import { Page } from '../ui/page';
import { Choices, toggled } from '../ui/choices';

interface Item {
  id: string;
  text: string;
}
type Question =
  | { id: string; type: 'single' | 'multiple' | 'true-false'; prompt: string; points: number; options: Item[] }
  | { id: string; type: 'ordering'; prompt: string; points: number; items: Item[] }
  | { id: string; type: 'matching'; prompt: string; points: number; left: Item[]; right: Item[] }
  | { id: string; type: 'short-answer'; prompt: string; points: number }
  | { id: string; type: 'case'; vignette: string; questions: Question[] };
type Answerable = Exclude<Question, { type: 'case' }>;
type Answer = string[] | Record<string, string> | string;

interface Feedback {
  questionId: string;
  points: number | null;
  maxPoints: number;
  explanation: string | null;
  correct: string[] | Record<string, string> | null;
}
interface Result {
  points: number | null;
  maxPoints: number;
  passMark: number;
  passed: boolean | null;
  pendingReview: boolean;
  feedback?: Feedback[];
  /** Set when passing issued (or renewed) the certificate there and then. */
  certificateId?: string;
}
interface Attempt {
  id: string;
  courseId: string;
  courseVersion: string;
  status: 'open' | 'pending_review' | 'graded';
  deadlineAt: string;
  graceSeconds: number;
  questions: Question[];
  answers: Record<string, Answer>;
  result?: Result;
}

type SaveState = 'saving' | 'saved' | 'failed';

/** Turns the server's loosely typed attempt into this screen's shapes. */
const asAttempt = (body: unknown) => body as Attempt;

const answerable = (questions: readonly Question[]): Answerable[] => questions.flatMap((q) => (q.type === 'case' ? answerable(q.questions) : [q]));

const formatClock = (at: Date) => new Intl.DateTimeFormat(locale(), { timeStyle: 'short' }).format(at);
const formatPercent = (n: number) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(n);
const formatLeft = (ms: number) => {
  const minutes = ms / 60_000;
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: minutes >= 1 ? 'minute' : 'second', unitDisplay: 'long', maximumFractionDigits: 0 }).format(
    minutes >= 1 ? Math.ceil(minutes) : Math.max(0, Math.ceil(ms / 1000)),
  );
};

/** Why an attempt could not start, with the time from Retry-After when it is a cooldown. */
class StartError extends ApiError {
  constructor(
    base: ApiError,
    readonly retryAt?: Date,
  ) {
    super(base.code, base.message, base.fields);
  }
}

type Purpose = 'certification' | 'refresher';

async function startAttempt(courseId: string, purpose: Purpose): Promise<Attempt> {
  let res: Awaited<ReturnType<typeof api.attempts.$post>>;
  try {
    res = await api.attempts.$post({ json: { courseId, purpose } });
  } catch {
    throw new ApiError('offline', '');
  }
  const retryAfter = Number(res.headers.get('Retry-After'));
  try {
    return asAttempt(await send(Promise.resolve(res)));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    throw new StartError(err, retryAfter > 0 ? new Date(Date.now() + retryAfter * 1000) : undefined);
  }
}

const reloadAttempt = async (attemptId: string) => asAttempt(await send(api.attempts[':attemptId'].$get({ param: { attemptId } })));

function errorText(err: ApiError): string {
  return err.code === 'offline' ? t('offline') : err.message;
}

/** The refresher that renews an expiring certificate: the same screen, a shorter draw. */
export function Refresher(props: { params: Params }) {
  return <Assessment params={props.params} purpose="refresher" />;
}

/** The summative assessment: one attempt, answers saved as they are given, then the result. */
export function Assessment(props: { params: Params; purpose?: Purpose }) {
  const courseId = () => props.params.courseId ?? '';
  const [attempt, setAttempt] = createSignal<Attempt>();
  const [failure, setFailure] = createSignal<StartError | null>(null);
  const [answers, setAnswers] = createStore<Record<string, Answer>>({});
  const [saves, setSaves] = createStore<Record<string, SaveState>>({});
  const [now, setNow] = createSignal(Date.now());
  const [confirming, setConfirming] = createSignal(false);
  const [submitting, setSubmitting] = createSignal(false);
  const [submitError, setSubmitError] = createSignal<string | null>(null);
  let submitId: string | null = null;

  /** The newest answer per question not yet confirmed by the server, and which are being sent. */
  const unsaved = new Map<string, Answer>();
  const sending = new Set<string>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const show = (a: Attempt) => {
    setAttempt(a);
    setAnswers(Object.fromEntries(Object.entries(a.answers)));
  };

  const load = async () => {
    setFailure(null);
    try {
      show(await startAttempt(courseId(), props.purpose ?? 'certification'));
    } catch (err) {
      if (err instanceof StartError) setFailure(err);
      else if (err instanceof ApiError) setFailure(new StartError(err));
      else throw err;
    }
  };

  /** Time is up or it was submitted elsewhere: what the server graded is the answer. */
  const closed = async () => {
    unsaved.clear();
    const a = attempt();
    if (!a) return;
    try {
      show(await reloadAttempt(a.id));
    } catch {
      // Shown as not saved; the next retry tries again.
    }
  };

  const scheduleRetry = () => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void flushAll(), 5000);
  };

  async function flush(questionId: string): Promise<void> {
    const a = attempt();
    if (!a || sending.has(questionId)) return;
    sending.add(questionId);
    try {
      while (unsaved.has(questionId)) {
        const answer = unsaved.get(questionId)!;
        setSaves(questionId, 'saving');
        try {
          await send(api.attempts[':attemptId'].answers[':questionId'].$put({ param: { attemptId: a.id, questionId }, json: { answer } }));
        } catch (err) {
          if (err instanceof ApiError && err.code === 'attempt_closed') return void (await closed());
          setSaves(questionId, 'failed');
          // Kept, and sent again shortly: a dropped connection must not lose an answer.
          if (!(err instanceof ApiError) || err.code === 'offline' || err.code.startsWith('http_5')) scheduleRetry();
          return;
        }
        if (unsaved.get(questionId) === answer) unsaved.delete(questionId);
      }
      setSaves(questionId, 'saved');
    } finally {
      sending.delete(questionId);
    }
  }

  const flushAll = () => Promise.all([...unsaved.keys()].map(flush));

  const answer = (questionId: string, value: Answer) => {
    setAnswers(questionId, value);
    unsaved.set(questionId, value);
    void flush(questionId);
  };

  const submit = async () => {
    const a = attempt();
    if (!a || submitting()) return;
    setSubmitting(true);
    setSubmitError(null);
    // One id per submission, kept for retries, so a lost reply never submits twice.
    submitId ??= crypto.randomUUID();
    try {
      await flushAll();
      show(asAttempt(await send(api.attempts[':attemptId'].submit.$post({ param: { attemptId: a.id }, json: { submitId } }))));
      setConfirming(false);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'attempt_closed' || err.code === 'already_submitted') await closed();
      else setSubmitError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  };

  onMount(() => {
    void load();
    const tick = setInterval(() => {
      setNow(Date.now());
      const a = attempt();
      if (a?.status === 'open' && Date.now() > Date.parse(a.deadlineAt) + a.graceSeconds * 1000) void closed();
    }, 1000);
    const online = () => void flushAll();
    addEventListener('online', online);
    onCleanup(() => {
      clearInterval(tick);
      clearTimeout(retryTimer);
      removeEventListener('online', online);
    });
  });

  const questions = () => answerable(attempt()?.questions ?? []);
  const unanswered = () => questions().filter((q) => !isAnswered(answers[q.id])).length;

  return (
    <Page title={t(props.purpose === 'refresher' ? 'refresherTitle' : 'assessmentTitle')}>
      <p>
        <a href={`/courses/${courseId()}`}>{t('backToCourse')}</a>
      </p>
      <Show when={failure()}>
        {(err) => (
          <div role="alert" class="alert">
            <p>{errorText(err())}</p>
            <Show when={err().code === 'cooldown' && err().retryAt}>{(at) => <p>{t('tryAgainAt', { time: formatTime(at()) })}</p>}</Show>
            <Show when={err().code === 'attempt_limit'}>
              <p>{t('attemptLimitHelp')}</p>
            </Show>
            <Show when={err().code === 'offline' || err().code.startsWith('http_5')}>
              <button type="button" onClick={() => void load()}>
                {t('tryAgain')}
              </button>
            </Show>
          </div>
        )}
      </Show>
      <Show when={!attempt() && !failure()}>
        <p class="muted">{t('loading')}</p>
      </Show>
      <Show when={attempt()}>
        {(a) => (
          <Show when={a().status === 'open'} fallback={<ResultView attempt={a()} />}>
            <div class="timer" id="time-left">
              <p>
                <strong>{t('timeLeft', { time: formatLeft(Date.parse(a().deadlineAt) - now()) })}</strong>
              </p>
              <p class="muted">{t('endsAt', { time: formatClock(new Date(a().deadlineAt)) })}</p>
            </div>
            <p class="muted">{t('assessmentIntro', { count: formatNumber(questions().length) })}</p>
            <ol class="questions">
              <For each={a().questions}>
                {(q) => (
                  <li>
                    <Show
                      when={q.type === 'case' && q}
                      fallback={<QuestionForm q={q as Answerable} value={answers[q.id]} state={saves[q.id]} onAnswer={answer} onRetry={flush} />}
                    >
                      {(c) => (
                        // A group, not a region: several cases share one title, and landmarks must be unique.
                        <div class="case" role="group" aria-labelledby={`case-${c().id}`}>
                          <h2 id={`case-${c().id}`}>{t('caseTitle')}</h2>
                          <p>{c().vignette}</p>
                          <For each={answerable(c().questions)}>
                            {(part) => <QuestionForm q={part} value={answers[part.id]} state={saves[part.id]} onAnswer={answer} onRetry={flush} />}
                          </For>
                        </div>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ol>
            <div class="submit-box">
              <Show
                when={confirming()}
                fallback={
                  <button type="button" class="primary" onClick={() => setConfirming(true)}>
                    {t('submitAssessment')}
                  </button>
                }
              >
                <div class="warning" role="alertdialog" aria-labelledby="confirm-submit" aria-describedby="confirm-submit-text">
                  <h2 id="confirm-submit">{t('confirmSubmit')}</h2>
                  <p id="confirm-submit-text">
                    {t('confirmSubmitText')} <Show when={unanswered() > 0}>{t('unansweredCount', { count: formatNumber(unanswered()) })}</Show>
                  </p>
                  <div class="actions">
                    <button type="button" class="primary" disabled={submitting()} aria-busy={submitting()} onClick={() => void submit()}>
                      {submitting() ? t('working') : t('submitNow')}
                    </button>
                    <button type="button" onClick={() => setConfirming(false)}>
                      {t('notYet')}
                    </button>
                  </div>
                </div>
              </Show>
              <div role="alert" class="alert-slot">
                <Show when={submitError()}>
                  <p class="alert">{submitError()}</p>
                </Show>
              </div>
            </div>
          </Show>
        )}
      </Show>
    </Page>
  );
}

function isAnswered(value: Answer | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  return Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0;
}

function SaveStatus(props: { id: string; state: SaveState | undefined; onRetry: (id: string) => void }) {
  return (
    <p class={`save-state ${props.state ?? ''}`} role="status" id={`save-${props.id}`}>
      <Switch>
        <Match when={props.state === 'saving'}>{t('answerSaving')}</Match>
        <Match when={props.state === 'saved'}>{t('answerSaved')}</Match>
        <Match when={props.state === 'failed'}>
          {t('answerNotSaved')}{' '}
          <button type="button" class="small-button" onClick={() => props.onRetry(props.id)}>
            {t('retry')}
          </button>
        </Match>
      </Switch>
    </p>
  );
}

/** One question with controls that fit its type; every change is an answer to save. */
function QuestionForm(props: { q: Answerable; value: Answer | undefined; state: SaveState | undefined; onAnswer: (id: string, a: Answer) => void; onRetry: (id: string) => void }) {
  const prefix = () => `q-${props.q.id}`;
  const list = () => (Array.isArray(props.value) ? props.value : []);
  const prompt = () => props.q.prompt;
  return (
    <div class="question" data-question={props.q.id}>
      <fieldset aria-describedby={`save-${props.q.id}`}>
        <legend id={`${prefix()}-prompt`}>
          {prompt()} <span class="muted">{t('pointsWorth', { count: formatNumber(props.q.points) })}</span>
        </legend>
        <Switch>
          <Match when={(props.q.type === 'single' || props.q.type === 'multiple' || props.q.type === 'true-false') && props.q}>
            {(q) => {
              const multiple = () => q().type === 'multiple';
              return (
                <Choices
                  name={prefix()}
                  options={q().options}
                  multiple={multiple()}
                  chosen={list()}
                  onToggle={(id, on) => props.onAnswer(q().id, toggled(list(), id, on, multiple()))}
                />
              );
            }}
          </Match>
          <Match when={props.q.type === 'ordering' && props.q}>
            {(q) => {
              const order = () => {
                const ids = list().filter((id) => q().items.some((i) => i.id === id));
                return ids.length === q().items.length ? ids : q().items.map((i) => i.id);
              };
              const text = (id: string) => q().items.find((i) => i.id === id)?.text ?? id;
              const move = (index: number, by: number) => {
                const next = [...order()];
                const [item] = next.splice(index, 1);
                next.splice(index + by, 0, item!);
                props.onAnswer(q().id, next);
              };
              return (
                <>
                  <p class="hint">{t('orderHint')}</p>
                  <ol class="ordering">
                    <For each={order()}>
                      {(id, i) => (
                        <li>
                          <span>{text(id)}</span>
                          <span class="moves">
                            <button type="button" disabled={i() === 0} aria-label={t('moveUp', { item: text(id) })} onClick={() => move(i(), -1)}>
                              ↑
                            </button>
                            <button type="button" disabled={i() === order().length - 1} aria-label={t('moveDown', { item: text(id) })} onClick={() => move(i(), 1)}>
                              ↓
                            </button>
                          </span>
                        </li>
                      )}
                    </For>
                  </ol>
                  <Show when={!isAnswered(props.value)}>
                    <button type="button" onClick={() => props.onAnswer(q().id, order())}>
                      {t('keepOrder')}
                    </button>
                  </Show>
                </>
              );
            }}
          </Match>
          <Match when={props.q.type === 'matching' && props.q}>
            {(q) => {
              const pairs = () => (props.value && typeof props.value === 'object' && !Array.isArray(props.value) ? props.value : {});
              return (
                <>
                  <p class="hint">{t('matchHint')}</p>
                  <For each={q().left}>
                    {(left) => (
                      <div class="field">
                        <label for={`${prefix()}-${left.id}`}>{left.text}</label>
                        <select
                          id={`${prefix()}-${left.id}`}
                          onChange={(e) => {
                            const next = { ...pairs() };
                            if (e.currentTarget.value) next[left.id] = e.currentTarget.value;
                            else delete next[left.id];
                            props.onAnswer(q().id, next);
                          }}
                        >
                          <option value="" selected={!pairs()[left.id]}>
                            {t('choose')}
                          </option>
                          <For each={q().right}>
                            {(right) => (
                              <option value={right.id} selected={pairs()[left.id] === right.id}>
                                {right.text}
                              </option>
                            )}
                          </For>
                        </select>
                      </div>
                    )}
                  </For>
                </>
              );
            }}
          </Match>
          <Match when={props.q.type === 'short-answer' && props.q}>
            {(q) => {
              let timer: ReturnType<typeof setTimeout> | undefined;
              onCleanup(() => clearTimeout(timer));
              return (
                <div class="field">
                  <label for={`${prefix()}-text`}>{t('yourAnswer')}</label>
                  <textarea
                    id={`${prefix()}-text`}
                    rows="5"
                    maxLength={5000}
                    value={typeof props.value === 'string' ? props.value : ''}
                    onInput={(e) => {
                      const value = e.currentTarget.value;
                      clearTimeout(timer);
                      // Saved once typing pauses, and at once when the field is left.
                      timer = setTimeout(() => props.onAnswer(q().id, value), 1500);
                    }}
                    onChange={(e) => {
                      clearTimeout(timer);
                      props.onAnswer(q().id, e.currentTarget.value);
                    }}
                  />
                </div>
              );
            }}
          </Match>
        </Switch>
      </fieldset>
      <SaveStatus id={props.q.id} state={props.state} onRetry={props.onRetry} />
    </div>
  );
}

/** The score, pass or fail (or waiting for a trainer), and what each question expected when the course shows it. */
function ResultView(props: { attempt: Attempt }) {
  const result = () => props.attempt.result;
  const byId = () => new Map(answerable(props.attempt.questions).map((q) => [q.id, q]));
  return (
    <section class="result" aria-labelledby="result-title" id="result">
      <h2 id="result-title">{t('yourResult')}</h2>
      <Show when={result()} fallback={<p>{t('resultNotYet')}</p>}>
        {(r) => (
          <>
            <Show when={r().points !== null}>
              <p class="score">
                {t('scoreLine', { points: formatNumber(r().points ?? 0), max: formatNumber(r().maxPoints) })}
                <Show when={r().maxPoints > 0}> ({formatPercent((r().points ?? 0) / r().maxPoints)})</Show>
              </p>
            </Show>
            <Switch>
              <Match when={r().pendingReview || r().passed === null}>
                <p class="notice info">{t('pendingReview')}</p>
              </Match>
              <Match when={r().passed}>
                <p class="notice ok">{t('passed', { mark: formatPercent(r().passMark) })}</p>
                <Show when={r().certificateId}>
                  <p>
                    <a href="/certificates" id="certificate-issued">
                      {t('certificateIssuedNow')}
                    </a>
                  </p>
                </Show>
              </Match>
              <Match when={r().passed === false}>
                <p class="notice info">{t('notPassed', { mark: formatPercent(r().passMark) })}</p>
              </Match>
            </Switch>
            <Show when={r().feedback?.length}>
              <h3>{t('feedbackTitle')}</h3>
              <ol class="feedback-list">
                <For each={r().feedback}>
                  {(f) => {
                    const q = () => byId().get(f.questionId);
                    return (
                      <li>
                        <p>
                          <strong>{q()?.prompt ?? f.questionId}</strong>
                        </p>
                        <p>
                          {f.points === null
                            ? t('awaitingScore')
                            : t('scoreLine', { points: formatNumber(f.points), max: formatNumber(f.maxPoints) })}
                        </p>
                        <Show when={describeCorrect(q(), f.correct)}>{(text) => <p>{t('correctAnswer', { answer: text() })}</p>}</Show>
                        <Show when={f.explanation}>
                          <p class="muted">{f.explanation}</p>
                        </Show>
                      </li>
                    );
                  }}
                </For>
              </ol>
            </Show>
          </>
        )}
      </Show>
      <p>
        <a href="/certificates">{t('myCertificates')}</a>
      </p>
    </section>
  );
}

function describeCorrect(q: Answerable | undefined, correct: Feedback['correct']): string {
  if (!q || !correct) return '';
  const name = (items: readonly Item[], id: string) => items.find((i) => i.id === id)?.text ?? id;
  if (Array.isArray(correct)) {
    const items = 'options' in q ? q.options : 'items' in q ? q.items : [];
    return correct.map((id) => name(items, id)).join('; ');
  }
  if (q.type === 'matching') return Object.entries(correct).map(([l, r]) => `${name(q.left, l)} → ${name(q.right, r)}`).join('; ');
  return '';
}
