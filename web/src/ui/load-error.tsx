import { ApiError } from '../api';
import { t } from '../i18n';

/** Why a screen's data did not come, with a way to ask again. */
export function LoadError(props: { error: unknown; retry: () => void }) {
  const offline = () => props.error instanceof ApiError && props.error.code === 'offline';
  return (
    <div role="alert" class="alert">
      <p>{offline() ? t('notOffline') : t('loadFailed')}</p>
      <button type="button" onClick={() => props.retry()}>
        {t('tryAgain')}
      </button>
    </div>
  );
}
