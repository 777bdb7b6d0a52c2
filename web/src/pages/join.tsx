import { api, send } from '../api';
import { locale, t } from '../i18n';
import { navigate } from '../router';
import { setMe } from '../session';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';

/** Registration with a cohort join code; the new account is signed in straight away. */
export function Join() {
  const form = createForm();
  const join = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      const json = {
        username: v.username ?? '',
        displayName: v.displayName ?? '',
        password: v.password ?? '',
        joinCode: v.joinCode ?? '',
        locale: locale(),
      };
      setMe(await send(api.auth.register.$post({ json })));
      navigate('/');
    });
  return (
    <Page title={t('join')}>
      <p>{t('joinIntro')}</p>
      <form method="post" onSubmit={join}>
        <FormError form={form} />
        <Field name="joinCode" label={t('joinCode')} error={form.fieldError('joinCode')} autocomplete="off" autocapitalize="characters" spellcheck={false} required />
        <Field name="displayName" label={t('displayName')} hint={t('displayNameHint')} error={form.fieldError('displayName')} autocomplete="name" required />
        <Field name="username" label={t('username')} hint={t('usernameHint')} error={form.fieldError('username')} autocomplete="username" autocapitalize="none" spellcheck={false} required />
        <Field name="password" type="password" label={t('password')} hint={t('passwordHint')} error={form.fieldError('password')} autocomplete="new-password" minlength={8} required />
        <Submit form={form}>{t('createAccount')}</Submit>
      </form>
      <ul class="links">
        <li>
          <a href="/sign-in">{t('haveAccount')}</a>
        </li>
      </ul>
    </Page>
  );
}
