import { createSignal, Show } from 'solid-js';
import { formatNumber } from '../format';
import { t } from '../i18n';
import { pendingCount, syncNow } from '../offline/outbox';
import { navigate } from '../router';
import { signOut } from '../session';
import { ApiError } from '../api';

/**
 * Signing out on a shared phone. With unsynced work it first warns, with the count, and
 * offers to sync now, to stay, or to sign out anyway: the work then stays in this person's
 * own database on the phone and syncs at their next sign-in. Nothing is ever thrown away.
 */
export function SignOut() {
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal('');
  const [warning, setWarning] = createSignal(false);
  const [stillWaiting, setStillWaiting] = createSignal(false);
  let heading: HTMLHeadingElement | undefined;

  // Signing out needs the server (the session cookie is HttpOnly); offline, the person stays signed in.
  const leave = async () => {
    setBusy(true);
    setFailure('');
    try {
      await signOut();
      navigate('/sign-in');
    } catch (err) {
      setFailure(err instanceof ApiError && err.code !== 'offline' ? err.message : t('offline'));
    } finally {
      setBusy(false);
    }
  };
  const ask = (event: SubmitEvent) => {
    event.preventDefault();
    if (pendingCount() === 0) return void leave();
    setWarning(true);
    heading?.focus();
  };
  const syncThenLeave = async () => {
    setStillWaiting(false);
    if ((await syncNow()) === 0) return leave();
    setStillWaiting(true);
  };

  return (
    <form method="post" onSubmit={ask} class="sign-out">
      <div role="alert" class="alert-slot">
        <Show when={failure()}>
          <p class="alert">{failure()}</p>
        </Show>
      </div>
      <Show
        when={warning() && pendingCount() > 0}
        fallback={
          <button type="submit" disabled={busy()}>
            {t('signOut')}
          </button>
        }
      >
        <section class="warning" aria-labelledby="unsynced-title">
          <h2 id="unsynced-title" tabindex="-1" ref={heading}>
            {t('unsyncedTitle', { count: formatNumber(pendingCount()) })}
          </h2>
          <p>{t('unsyncedText')}</p>
          <p role="status">{stillWaiting() ? t('stillWaiting') : ''}</p>
          <div class="actions">
            <button type="button" class="primary" disabled={busy()} onClick={() => void syncThenLeave()}>
              {t('syncThenSignOut')}
            </button>
            <button type="button" onClick={() => setWarning(false)}>
              {t('staySignedIn')}
            </button>
            <button type="button" disabled={busy()} onClick={() => void leave()}>
              {t('signOutAnyway')}
            </button>
          </div>
        </section>
      </Show>
    </form>
  );
}
