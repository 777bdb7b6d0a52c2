import { createMemo, createSignal, For, Show } from 'solid-js';
import { api, send } from '../api';
import { LOCALES, locale, t } from '../i18n';
import { me, setMe } from '../session';
import { dataSaver, setDataSaver } from '../settings';
import { Field, Select } from '../ui/field';
import { createForm, FormError, Submit, type FormValues } from '../ui/form';
import { LanguageOptions } from '../ui/language-options';
import { Page } from '../ui/page';
import { countries } from './countries';
import { AccountData } from './account-data';
import { SignOut } from './sign-out';
import { formatNumber } from '../format';
import { rejectedCount } from '../offline/outbox';
import { SECTORS } from '../../../db/schema/enums';

/** Empty inputs clear the stored value, since every profile field but the name is optional. */
const orNull = (value: string | undefined) => value?.trim() || null;

function patchFrom(v: FormValues) {
  return {
    displayName: v.displayName ?? '',
    email: orNull(v.email),
    locale: LOCALES.find((l) => l === v.locale) ?? locale(),
    country: orNull(v.country),
    sector: SECTORS.find((s) => s === v.sector) ?? null,
    region: orNull(v.region),
    inCapital: v.inCapital === 'yes' ? true : v.inCapital === 'no' ? false : null,
    gender: orNull(v.gender),
  };
}

export function Profile() {
  const form = createForm();
  const [saved, setSaved] = createSignal(false);
  const countryList = createMemo(() => countries(locale()));
  const save = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setSaved(false);
      setMe(await send(api.me.$patch({ json: patchFrom(v) })));
      setSaved(true);
    });
  return (
    <Show when={me()}>
      {(person) => (
        <Page title={t('profile')}>
          <form method="post" onSubmit={save} onInput={() => setSaved(false)}>
            <FormError form={form} />
            <Field name="displayName" label={t('displayName')} value={person().displayName} error={form.fieldError('displayName')} autocomplete="name" required />
            <Field name="email" type="email" label={t('email')} value={person().email ?? ''} error={form.fieldError('email')} autocomplete="email" />
            <Select name="locale" label={t('language')} error={form.fieldError('locale')}>
              <LanguageOptions selected={person().locale} />
            </Select>
            <Select name="country" label={t('country')} error={form.fieldError('country')}>
              <option value="">{t('notSaid')}</option>
              <For each={countryList()}>
                {([code, name]) => (
                  <option value={code} selected={code === person().country}>
                    {name}
                  </option>
                )}
              </For>
            </Select>
            <Select name="sector" label={t('sector')} error={form.fieldError('sector')}>
              <option value="">{t('notSaid')}</option>
              <For each={SECTORS}>
                {(s) => (
                  <option value={s} selected={s === person().sector}>
                    {t(`sector.${s}`)}
                  </option>
                )}
              </For>
            </Select>
            <Field name="region" label={t('region')} value={person().region ?? ''} error={form.fieldError('region')} autocomplete="address-level1" />
            <Select name="inCapital" label={t('inCapital')} error={form.fieldError('inCapital')}>
              <option value="">{t('notSaid')}</option>
              <option value="yes" selected={person().inCapital === true}>
                {t('yes')}
              </option>
              <option value="no" selected={person().inCapital === false}>
                {t('no')}
              </option>
            </Select>
            <Field name="gender" label={t('gender')} hint={t('genderHint')} value={person().gender ?? ''} error={form.fieldError('gender')} />
            <Submit form={form}>{t('save')}</Submit>
            <p role="status" class="status">
              {saved() ? t('saved') : ''}
            </p>
          </form>
          <h2>{t('thisPhone')}</h2>
          <div class="toggle">
            <input type="checkbox" id="data-saver" checked={dataSaver()} onChange={(e) => setDataSaver(e.currentTarget.checked)} aria-describedby="data-saver-hint" />
            <label for="data-saver">{t('dataSaver')}</label>
            <p class="hint" id="data-saver-hint">
              {t('dataSaverHint')}
            </p>
          </div>
          <Show when={rejectedCount() > 0}>
            <p class="alert">{t('syncRefused', { count: formatNumber(rejectedCount()) })}</p>
          </Show>
          <SignOut />
          <AccountData />
        </Page>
      )}
    </Show>
  );
}
