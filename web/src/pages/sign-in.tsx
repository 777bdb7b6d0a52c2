import { api, send } from '../api';
import { t } from '../i18n';
import { navigate } from '../router';
import { setMe } from '../session';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';

export function SignIn() {
  const form = createForm();
  const signIn = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setMe(await send(api.auth.login.$post({ json: { username: v.username ?? '', password: v.password ?? '' } })));
      navigate('/');
    });
  return (
    <Page title={t('signIn')}>
      <form method="post" onSubmit={signIn}>
        <FormError form={form} />
        <Field name="username" label={t('username')} error={form.fieldError('username')} autocomplete="username" autocapitalize="none" spellcheck={false} required />
        <Field name="password" type="password" label={t('password')} error={form.fieldError('password')} autocomplete="current-password" required />
        <Submit form={form}>{t('signIn')}</Submit>
      </form>
      <ul class="links">
        <li>
          <a href="/join">{t('needAccount')}</a>
        </li>
        <li>
          <a href="/reset">{t('forgot')}</a>
        </li>
      </ul>
    </Page>
  );
}
