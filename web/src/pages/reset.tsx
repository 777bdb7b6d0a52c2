import { api, send } from '../api';
import { t } from '../i18n';
import { navigate } from '../router';
import { setMe } from '../session';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';

/** A new password with a trainer's one-time code, for learners without reliable e-mail. */
export function Reset() {
  const form = createForm();
  const reset = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      const json = { username: v.username ?? '', code: v.code ?? '', newPassword: v.newPassword ?? '' };
      setMe(await send(api.auth.reset.$post({ json })));
      navigate('/');
    });
  return (
    <Page title={t('reset')}>
      <p>{t('resetIntro')}</p>
      <form method="post" onSubmit={reset}>
        <FormError form={form} />
        <Field name="username" label={t('username')} error={form.fieldError('username')} autocomplete="username" autocapitalize="none" spellcheck={false} required />
        <Field name="code" label={t('resetCode')} error={form.fieldError('code')} autocomplete="one-time-code" autocapitalize="characters" spellcheck={false} required />
        <Field name="newPassword" type="password" label={t('newPassword')} hint={t('passwordHint')} error={form.fieldError('newPassword')} autocomplete="new-password" minlength={8} required />
        <Submit form={form}>{t('setPassword')}</Submit>
      </form>
      <ul class="links">
        <li>
          <a href="/sign-in">{t('signIn')}</a>
        </li>
      </ul>
    </Page>
  );
}
