import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError } from '../api';
import { t } from '../i18n';

export type FormValues = Record<string, string>;

/**
 * State for one form: busy while its request runs, and the API's error kept whole so
 * the message shows at the top and each `fields` entry beside its input.
 */
export function createForm() {
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<ApiError | null>(null);

  async function submit(event: SubmitEvent, action: (values: FormValues) => Promise<void>): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    const form = event.currentTarget as HTMLFormElement;
    const values: FormValues = {};
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value;
    setBusy(true);
    setFailure(null);
    try {
      await action(values);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    submit,
    /** The message for the field the API calls `body.<name>`. */
    fieldError: (name: string) => failure()?.fields[`body.${name}`],
    message: () => {
      const f = failure();
      if (!f) return undefined;
      return f.code === 'offline' ? t('offline') : f.message;
    },
  };
}

export type Form = ReturnType<typeof createForm>;

/** The form's overall error, announced when it appears. */
export function FormError(props: { form: Form }) {
  return (
    <div role="alert" class="alert-slot">
      <Show when={props.form.message()}>
        <p class="alert">{props.form.message()}</p>
      </Show>
    </div>
  );
}

export function Submit(props: { form: Form; children: JSX.Element }) {
  return (
    <button type="submit" class="primary" disabled={props.form.busy()} aria-busy={props.form.busy()}>
      {props.form.busy() ? t('working') : props.children}
    </button>
  );
}
