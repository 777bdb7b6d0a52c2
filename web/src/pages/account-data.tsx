import { Suspense } from 'solid-js';
import { api, send } from '../api';
import { ta } from '../i18n/account';
import { navigate } from '../router';
import { setMe } from '../session';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';

/** The person's own data: take it all as a file, end every session, or delete the account. */
function Account() {
  const everywhere = createForm();
  const deletion = createForm();
  const leave = () => {
    setMe(null);
    navigate('/sign-in');
  };
  const endAll = (event: SubmitEvent) =>
    everywhere.submit(event, async () => {
      await send(api.me.sessions.end.$post());
      leave();
    });
  const remove = (event: SubmitEvent) =>
    deletion.submit(event, async (v) => {
      await send(api.me.$delete({ json: { password: v.password ?? '' } }));
      leave();
    });
  return (
    <section id="account" aria-labelledby="account-title">
      <h2 id="account-title">{ta('accountTitle')}</h2>
      <p>{ta('exportIntro')}</p>
      <p>
        {/* A plain link: the server names the file, and it works without JavaScript too. */}
        <a href="/api/me/export" download="">
          {ta('exportLink')}
        </a>
      </p>
      <form method="post" onSubmit={endAll} id="sign-out-everywhere">
        <p>{ta('everywhereIntro')}</p>
        <FormError form={everywhere} />
        <Submit form={everywhere}>{ta('everywhereButton')}</Submit>
      </form>
      <details>
        <summary>{ta('deleteTitle')}</summary>
        <form method="post" onSubmit={remove} id="delete-account">
          <p>{ta('deleteIntro')}</p>
          <FormError form={deletion} />
          <Field name="password" type="password" autocomplete="current-password" label={ta('deletePassword')} error={deletion.fieldError('password')} required />
          <Submit form={deletion}>{ta('deleteButton')}</Submit>
        </form>
      </details>
    </section>
  );
}

/** Its strings are a chunk of their own: the section appears when they have arrived. */
export function AccountData() {
  return (
    <Suspense>
      <Account />
    </Suspense>
  );
}
