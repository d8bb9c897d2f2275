/** One line a volunteer reads at a glance: online or not, how many entries wait, when the last sync was. */
import { useEffect, useState } from 'preact/hooks';
import { pendingCount, refusedCount } from '../../store/log.ts';
import { readStatus } from '../../store/syncStatus.ts';
import { useT } from '../../ui/i18n.ts';
import { useClock } from '../../ui/useClock.ts';
import { useLive } from '../../ui/useLive.ts';
import { useOfflineReadiness, type OfflineReadiness } from '../../ui/useOfflineReadiness.ts';
import type { Translate } from '../../ui/i18n.ts';
import type { Device } from '../../store/device.ts';

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

/** Until every part of the app is cached, the volunteer is told to stay on the network: a gate without one needs them all. */
function OfflineReady({ readiness, t }: { readiness: OfflineReadiness; t: Translate }) {
  if (readiness.state === 'ready') return <span class="offline-ready" data-offline-ready="true">· ✓ {t('offlineReady')}</span>;
  if (readiness.state === 'unsupported') return <span class="stale" data-offline-ready="false">· ⚠ {t('offlineUnsupported')}</span>;
  const { progress } = readiness;
  return (
    <span class="stale" data-offline-ready="false" role="status">
      · ⏳ {t('offlinePreparing')}{progress ? ` ${progress.done}/${progress.total}` : '…'} {t('offlineKeepOnline')}
    </span>
  );
}

/** Older than this, the trust list is a warning (never a stop): revoked keys may not be known yet. */
const TRUST_STALE_MS = 24 * 3600_000;

export function StatusLine({ device, onSync }: { device: Device; onSync: () => void }) {
  const { deviceId } = device;
  const t = useT();
  const online = useOnline();
  const waiting = useLive(() => pendingCount(deviceId), [deviceId], 0);
  const refused = useLive(refusedCount, [], 0);
  const status = useLive(readStatus, [], null);
  const reachable = online && !(status?.lastError && UNREACHABLE.has(status.lastError));
  const last = status?.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString() : t('never');
  // The age of what the tablet holds, i.e. since it last pulled the config, not since the server changed it.
  const trustAgeMs = Math.max(0, useClock(60_000).getTime() - Date.parse(device.configAt));
  const stale = trustAgeMs > TRUST_STALE_MS;
  const readiness = useOfflineReadiness();
  return (
    <footer class={`status ${reachable ? 'online' : 'offline'}`} data-online={String(reachable)} data-waiting={waiting}>
      <span class="dot" aria-hidden="true" />
      <span>{reachable ? t('online') : t('offline')}</span>
      <span>· {t('waiting')} <b>{waiting}</b></span>
      {refused > 0 && <span class="refused">· {t('refused')} {refused}</span>}
      <span>· {t('lastSync')} {last}</span>
      <OfflineReady readiness={readiness} t={t} />
      <span class={stale ? 'stale' : ''} data-trust-stale={String(stale)}>
        · {stale ? `⚠ ${t('trustStale')}` : t('trustAge')} {Math.floor(trustAgeMs / 3600_000)} {t('hoursAgo')}
      </span>
      {status?.lastError && !UNREACHABLE.has(status.lastError) && <span class="error">· {t.any(status.lastError)}</span>}
      <button class="link" onClick={onSync}>{t('syncNow')}</button>
    </footer>
  );
}
