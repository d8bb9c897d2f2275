/** Key-person hits, stops and a full place, newest first, arriving live as tablets sync; hq and admin acknowledge them. */
import { useEffect, useState } from 'preact/hooks';
import type { Alert, Alerts } from '../core/consoleOps.ts';
import type { Me } from '../core/consoleWire.ts';
import { hasRight } from '../core/roles.ts';
import { formatDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, post } from './api.ts';
import { ScopeTrail } from './Breadcrumbs.tsx';
import { DoubleEntries } from './DoubleEntries.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { useLoad } from './useLoad.ts';
import type { Where } from './where.ts';

const TONES = { 'key-person': 'stop', stop: 'stop', capacity: 'full' } as const;

export function AlertsPage({ me, where }: { me: Me; where: Where }) {
  const t = useT();
  // Alerts are kept by area: a place or checkpoint in the address shows its area's whole subtree.
  const area = where.scope?.kind === 'area' ? where.scope.id : null;
  const [openOnly, setOpenOnly] = useState(false);
  const listed = useLoad<Alerts>(`/console/alerts?${new URLSearchParams({ ...(area && { area }), ...(openOnly && { open: 'true' }) }).toString()}`);
  const [live, setLive] = useState<Alert[]>([]);
  const [acknowledged, setAcknowledged] = useState<Map<string, Alert>>(new Map());
  const [connected, setConnected] = useState(true);
  const [error, setError] = useState<ConsoleError | null>(null);
  const mayAcknowledge = hasRight(me.user.role, 'alerts.ack');

  useEffect(() => {
    setLive([]);
    const stream = new EventSource(`/api/v1/console/alerts/stream${area ? `?area=${encodeURIComponent(area)}` : ''}`);
    stream.addEventListener('alert', (event) => {
      const alert = JSON.parse((event as MessageEvent<string>).data) as Alert;
      setLive((now) => [alert, ...now.filter((a) => a.id !== alert.id)]);
    });
    stream.onopen = () => setConnected(true);
    // EventSource reconnects by itself (retry: 5 s); the page only says it is not live meanwhile.
    stream.onerror = () => setConnected(false);
    return () => stream.close();
  }, [area]);

  const acknowledge = async (alert: Alert) => {
    try {
      const done = await post<Alert>(`/console/alerts/${encodeURIComponent(alert.id)}/ack`);
      setAcknowledged((m) => new Map(m).set(done.id, done));
      setError(null);
    } catch (e) {
      if (e instanceof ConsoleError) setError(e);
    }
  };

  const known = new Set(live.map((a) => a.id));
  const alerts = [...live, ...(listed.data?.alerts ?? []).filter((a) => !known.has(a.id))]
    .map((a) => acknowledged.get(a.id) ?? a)
    .filter((a) => !openOnly || a.acknowledgedAt === null);
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('navAlerts')}</h2>
      <ScopeTrail me={me} where={where} page="alerts" />
      <p class={connected ? 'hint' : 'notice'} role="status">{connected ? t('alertsLive') : t('alertsReconnecting')}</p>
      <label class="inline"><input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.currentTarget.checked)} /> {t('alertsOpenOnly')}</label>
      <ErrorLine error={error ?? listed.error} />
      {listed.data && alerts.length === 0 && <p>{t('alertsNone')}</p>}
      <ol class="alerts" aria-live="polite">
        {alerts.map((a) => (
          <li key={a.id} class={`alert tone-${TONES[a.kind]}${a.acknowledgedAt ? ' done' : ''}`} data-alert={a.id} data-kind={a.kind}>
            <p class="alert-head">
              <strong class="alert-kind">{t.any(`alert-${a.kind}`)}</strong>
              <time dateTime={a.at}>{formatDateTime(a.at, t.language)}</time>
              <span>{a.areaNames.join(' / ')} / {a.placeName} / {a.checkpointName}</span>
            </p>
            {a.person && <p class="alert-person">{a.person}</p>}
            <p class="alert-reasons">{a.reasons.map((r) => t.any(r)).join('；')}</p>
            {a.acknowledgedAt
              ? <p class="hint">{t('acknowledgedBy')}: {a.acknowledgedBy} · {formatDateTime(a.acknowledgedAt, t.language)}</p>
              : mayAcknowledge && <button class="secondary" onClick={() => void acknowledge(a)}>{t('acknowledge')}</button>}
          </li>
        ))}
      </ol>
      <DoubleEntries me={me} scope={where.scope?.kind === 'area' || where.scope?.kind === 'place' ? { kind: where.scope.kind, id: where.scope.id } : null} />
    </section>
  );
}
