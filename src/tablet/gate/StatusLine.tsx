/** What a volunteer reads at a glance: online or not (offline as a banner that says what it means), entries waiting, the last sync. */
import { useEffect, useState } from 'preact/hooks';
import { afterSync, type SyncRun } from '../../sync/syncLock.ts';
import { pendingCount, refusedCount } from '../../store/log.ts';
import { readStatus } from '../../store/syncStatus.ts';
import { formatAge, formatTime } from '../../ui/dates.ts';
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
  if (readiness.state === 'ready') return <span class="offline-ready" data-offline-ready="true">✓ {t('offlineReady')}</span>;
  if (readiness.state === 'unsupported') return <span class="stale" data-offline-ready="false">⚠ {t('offlineUnsupported')}</span>;
  const { progress } = readiness;
  return (
    <span class="stale" data-offline-ready="false" role="status">
      ⏳ {t('offlinePreparing')}{progress ? ` ${progress.done}/${progress.total}` : '…'} {t('offlineKeepOnline')}
    </span>
  );
}

/** Older than this, the checkpoint data (rules, the keys that check health codes) is a warning, never a stop. */
const CONFIG_STALE_MS = 24 * 3600_000;

/** What "sync now" did, shown beside it: a tap offline must say why nothing went up. */
type Attempt = 'syncing' | 'syncDone' | 'syncFailed' | null;

export function StatusLine({ device, onSync }: { device: Device; onSync: () => Promise<SyncRun> }) {
  const { deviceId } = device;
  const t = useT();
  const online = useOnline();
  const waiting = useLive(() => pendingCount(deviceId), [deviceId], 0);
  const refused = useLive(refusedCount, [], 0);
  const status = useLive(readStatus, [], null);
  const [attempt, setAttempt] = useState<Attempt>(null);
  const reachable = online && !(status?.lastError && UNREACHABLE.has(status.lastError));
  // Enrolment was the tablet's first contact with the server: until the first upload, that is its last sync.
  const lastAt = status?.lastSyncAt ?? device.enrolledAt;
  // The age of what the tablet holds, i.e. since it last pulled the config, not since the server changed it.
  const configAgeMs = Math.max(0, useClock(60_000).getTime() - Date.parse(device.configAt));
  const stale = configAgeMs > CONFIG_STALE_MS;
  const readiness = useOfflineReadiness();
  const sync = () => {
    setAttempt('syncing');
    void onSync().then(async (run) => {
      if (run !== 'busy') return setAttempt(run === 'done' ? 'syncDone' : 'syncFailed');
      // Another tab (or the sync this tab had started) is at it: its outcome is this tap's answer, not "done" at once.
      await afterSync();
      setAttempt((await readStatus()).lastError ? 'syncFailed' : 'syncDone');
    }).catch(() => setAttempt('syncFailed'));
  };
  return (
    <footer class={`status ${reachable ? 'online' : 'offline'}`} data-online={String(reachable)} data-waiting={waiting}>
      {reachable
        ? <span class="status-online"><span class="dot" aria-hidden="true" /> {t('online')}</span>
        : <span class="status-offline" role="status"><b>⚠ {t('offline')}</b> {t('offlineWhat')}</span>}
      <span>{t('waiting')} <b>{waiting}</b></span>
      {refused > 0 && <span class="refused">{t('refused')} {refused}</span>}
      <span data-last-sync={lastAt}>{t('lastSync')} {lastAt ? formatTime(lastAt, t.language) : t('never')}</span>
      <OfflineReady readiness={readiness} t={t} />
      <span class={stale ? 'stale' : ''} data-config-stale={String(stale)}>
        {stale ? `⚠ ${t('configStale')}` : `${t('configAge')} ${formatAge(configAgeMs, t.language)}`}
      </span>
      {status?.lastError && !UNREACHABLE.has(status.lastError) && <span class="error">{t.any(status.lastError)}</span>}
      <span class="sync-now">
        {attempt && <span class={attempt === 'syncFailed' ? 'error' : ''} role="status" data-sync-attempt={attempt}>{t(attempt)}</span>}
        <button class="secondary" onClick={sync} disabled={attempt === 'syncing'}>{t('syncNow')}</button>
      </span>
    </footer>
  );
}
