/** A one-time enrolment code for a checkpoint, shown as a QR the new tablet scans (or its address, typed). */
import { useState } from 'preact/hooks';
import type { Enrolment } from '../core/consoleOps.ts';
import type { Checkpoints } from '../core/consoleWire.ts';
import { formatFullDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { QrCode } from '../ui/QrCode.tsx';
import { ConsoleError, post } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';

export function EnrolPanel({ checkpoints }: { checkpoints: Checkpoints['checkpoints'] }) {
  const t = useT();
  const [checkpointId, setCheckpointId] = useState(checkpoints[0]?.id ?? '');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  if (checkpoints.length === 0) return null;
  const make = async () => {
    try {
      setEnrolment(await post<Enrolment>(`/console/checkpoints/${encodeURIComponent(checkpointId)}/enrolment`));
      setError(null);
    } catch (e) {
      if (e instanceof ConsoleError) setError(e);
    }
  };
  return (
    <section class="enrol-panel" aria-labelledby="enrol-title">
      <h3 id="enrol-title">{t('enrolTablet')}</h3>
      <label>
        {t('checkpoint')}
        <select value={checkpointId} onChange={(e) => { setCheckpointId(e.currentTarget.value); setEnrolment(null); }}>
          {checkpoints.map((c) => <option key={c.id} value={c.id}>{c.areaPath.at(-1)} · {c.placeName} · {c.name}</option>)}
        </select>
      </label>
      <button class="primary" onClick={() => void make()}>{t('enrolTablet')}</button>
      <ErrorLine error={error} />
      {enrolment && (
        <div class="enrol-code">
          <QrCode text={enrolment.url} label={t('enrolTablet')} />
          <p>{t('enrolCodeFor')} {formatFullDateTime(enrolment.expiresAt, t.language)}</p>
          <p class="code-url">{enrolment.url}</p>
        </div>
      )}
    </section>
  );
}
