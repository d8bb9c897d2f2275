/** One line a volunteer reads at a glance: online or not, how many entries wait, when the last sync was. */
import { useEffect, useState } from 'preact/hooks';
import { db } from '../../store/db.ts';
import { readStatus } from '../../sync/status.ts';
import { pendingCount } from '../../store/log.ts';
import { useT } from '../i18n.ts';
import { useLive } from '../useLive.ts';

/** Errors that mean "the server is out of reach", as opposed to a refusal. */
const UNREACHABLE = new Set(['sync-offline', 'sync-timeout', 'response-not-json']);

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => { window.removeEventListener('online', update); window.removeEventListener('offline', update); };
  }, []);
  return online;
}

export function StatusLine({ deviceId, onSync }: { deviceId: string; onSync: () => void }) {
  const t = useT();
  const online = useOnline();
  const waiting = useLive(() => pendingCount(deviceId), [deviceId], 0);
  const refused = useLive(() => db.entries.where('syncState').equals('refused').count(), [], 0);
  const status = useLive(readStatus, [], null);
  const reachable = online && !(status?.lastError && UNREACHABLE.has(status.lastError));
  const last = status?.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString() : t('never');
  return (
    <footer class={`status ${reachable ? 'online' : 'offline'}`} data-online={String(reachable)} data-waiting={waiting}>
      <span class="dot" aria-hidden="true" />
      <span>{reachable ? t('online') : t('offline')}</span>
      <span>· {t('waiting')} <b>{waiting}</b></span>
      {refused > 0 && <span class="refused">· {t('refused')} {refused}</span>}
      <span>· {t('lastSync')} {last}</span>
      {status?.lastError && !UNREACHABLE.has(status.lastError) && <span class="error">· {t(status.lastError)}</span>}
      <button class="link" onClick={onSync}>{t('syncNow')}</button>
    </footer>
  );
}
