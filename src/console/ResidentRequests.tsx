/** The area's 困难诉求: open ones with a note and "mark as done" (residents.write), then the ones dealt with. */
import { useState } from 'preact/hooks';
import type { ResidentList } from '../core/residentWire.ts';
import { formatDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, post } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';

type Listed = ResidentList['requests'][number];

export function ResidentRequests({ requests, mayClose, onClosed }: { requests: readonly Listed[]; mayClose: boolean; onClosed: () => void }) {
  const t = useT();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<ConsoleError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const open = requests.filter((r) => r.status === 'open');
  const done = requests.filter((r) => r.status === 'done');

  const close = async (requestId: string) => {
    setBusy(requestId);
    try {
      await post(`/console/residents/requests/${encodeURIComponent(requestId)}/done`, { note: (notes[requestId] ?? '').trim() });
      setError(null);
      onClosed();
    } catch (e) {
      if (e instanceof ConsoleError) setError(e);
    } finally {
      setBusy(null);
    }
  };

  const head = (r: Listed) => (
    <p class="alert-head">
      <strong>{t.any(`request-${r.kind}`)}</strong>
      <span class="resident-name">{r.name}</span>
      <span>{r.areaNames.at(-1)}</span>
      <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, t.language)}</time>
    </p>
  );
  return (
    <section aria-labelledby="requests-open-title">
      <h3 id="requests-open-title">{t('openRequestsTitle')} ({open.length})</h3>
      <ErrorLine error={error} />
      {open.length === 0 && <p>{t('openRequestsNone')}</p>}
      <ol class="alerts">
        {open.map((r) => (
          <li key={r.requestId} class="alert tone-check" data-request={r.requestId} data-status="open">
            {head(r)}
            {r.text && <p class="request-text">{r.text}</p>}
            {mayClose && (
              <form class="request-close" onSubmit={(e) => { e.preventDefault(); void close(r.requestId); }}>
                <label>{t('doneNote')}
                  <input name="note" maxLength={200} value={notes[r.requestId] ?? ''} onInput={(e) => setNotes({ ...notes, [r.requestId]: e.currentTarget.value })} />
                </label>
                <button class="primary" type="submit" disabled={busy === r.requestId}>{t('markDone')}</button>
              </form>
            )}
          </li>
        ))}
      </ol>
      {done.length > 0 && (
        <details class="table-view">
          <summary>{t('doneRequestsTitle')} ({done.length})</summary>
          <ol class="alerts">
            {done.map((r) => (
              <li key={r.requestId} class="alert done" data-request={r.requestId} data-status="done">
                {head(r)}
                {r.text && <p class="request-text">{r.text}</p>}
                <p class="hint">{t('doneNote')}: {r.note || '—'}{r.doneAt && <> · {formatDateTime(r.doneAt, t.language)}</>}</p>
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
