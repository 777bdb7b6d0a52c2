import { t } from '../i18n';
import { formatNumber } from '../format';
import { online, pendingCount, syncState } from '../offline/outbox';

/** One sentence on what is waiting to reach the server; read out politely when it changes. */
function describe(): string {
  const n = pendingCount();
  const count = formatNumber(n);
  const state = syncState();
  if (!online() || state === 'offline') return n ? t('syncOffline', { count }) : t('syncOfflineSaved');
  if (n === 0) return t('syncSaved');
  if (state === 'signed-out') return t('syncSignedOut', { count });
  if (state === 'error') return t('syncError', { count });
  if (state === 'syncing') return t('syncing', { count });
  return t('syncWaiting', { count });
}

export function SyncStatus() {
  return (
    <p class="sync" role="status" id="sync-status" data-pending={pendingCount()} data-state={online() ? syncState() : 'offline'}>
      {describe()}
    </p>
  );
}
