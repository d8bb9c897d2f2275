/** Tracing (追溯): a person's trail, a place's visitors or a person's contacts, asked with a reason, shown on this page only; the caller's queries below. */
import { useState } from 'preact/hooks';
import type { Overview } from '../core/consoleFigures.ts';
import type { Me } from '../core/consoleWire.ts';
import { TRACE_KINDS, type Contacts, type PersonTrail, type PlaceVisitors, type TraceHistory, type TraceKind } from '../core/traceWire.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, networkError, post, send } from './api.ts';
import { saveDownload } from './download.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { TraceForm, type TraceFields } from './TraceForm.tsx';
import { TraceHistoryTable } from './TraceHistoryTable.tsx';
import { ContactsResult, PlaceResult, TrailResult } from './TraceResults.tsx';
import { useLoad } from './useLoad.ts';
import { queryOf, type Where } from './where.ts';

export type TraceAnswer = { kind: 'person'; data: PersonTrail } | { kind: 'place'; data: PlaceVisitors } | { kind: 'contacts'; data: Contacts };

/** The request body of a query: what the form holds for its kind. */
function bodyOf(kind: TraceKind, fields: TraceFields): Record<string, unknown> {
  const { since, until } = fields;
  const reason = fields.reason.trim();
  switch (kind) {
    case 'person':
      return { personId: fields.personId, since, until, reason };
    case 'contacts':
      return { personId: fields.personId, since, until, windowMinutes: fields.windowMinutes, depth: fields.secondLevel ? 2 : 1, reason };
    case 'place':
      return { ...(fields.checkpointId ? { checkpointId: fields.checkpointId } : { placeId: fields.placeId }), from: fields.from, to: fields.to, reason };
  }
}

const asConsoleError = (e: unknown): ConsoleError => (e instanceof ConsoleError ? e : networkError());

export function TracePage({ me, where }: { me: Me; where: Where }) {
  const t = useT();
  // The server's today (its TIME_ZONE), which the overview names; the browser's may differ.
  const today = useLoad<Overview>(`/console/figures?${queryOf(where.scope)}`).data?.to ?? '';
  const [kind, setKind] = useState<TraceKind>('person');
  const [answer, setAnswer] = useState<{ answer: TraceAnswer; body: Record<string, unknown> } | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const history = useLoad<TraceHistory>('/console/trace/history');

  const run = async (fields: TraceFields) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    setAnswer(null);
    const body = bodyOf(kind, fields);
    try {
      const data = await post<TraceAnswer['data']>(`/console/trace/${kind}`, body);
      setAnswer({ answer: { kind, data } as TraceAnswer, body });
    } catch (e) {
      setError(asConsoleError(e));
    } finally {
      setBusy(false);
      // A refused query is in the history too.
      history.reload();
    }
  };

  const download = async () => {
    if (!answer) return;
    setBusy(true);
    setError(null);
    try {
      const res = await send('POST', `/console/trace/${answer.answer.kind}.xlsx?lang=${t.language}`, answer.body);
      setSaved(await saveDownload(res, `kadian-trace-${answer.answer.kind}.xlsx`));
    } catch (e) {
      setError(asConsoleError(e));
    } finally {
      setBusy(false);
      history.reload();
    }
  };

  return (
    <section aria-labelledby="trace-title" class="trace">
      <h2 id="trace-title">{t('traceTitle')}</h2>
      <p class="hint">{t('traceAccountable')}</p>
      <div class="trace-kinds" role="radiogroup" aria-label={t('traceKind')}>
        {TRACE_KINDS.map((k) => (
          <button key={k} type="button" role="radio" aria-checked={kind === k} class={kind === k ? 'on' : ''}
            onClick={() => { setKind(k); setAnswer(null); setError(null); }}>{t(`traceKind.${k}`)}</button>
        ))}
      </div>
      <TraceForm kind={kind} today={today} busy={busy} onRun={(fields) => void run(fields)} />
      <ErrorLine error={error} />
      {answer && (
        <div class="trace-answer" aria-live="polite">
          {answer.answer.data.retainedFrom && <p class="notice">{t('traceRetained')}{new Date(answer.answer.data.retainedFrom).toLocaleString(t.language === 'zh' ? 'zh-CN' : 'en-GB')}</p>}
          {answer.answer.data.truncated && <p class="notice">{t('traceTruncated')}</p>}
          {answer.answer.kind === 'person' && <TrailResult trail={answer.answer.data} />}
          {answer.answer.kind === 'place' && <PlaceResult visitors={answer.answer.data} />}
          {answer.answer.kind === 'contacts' && <ContactsResult contacts={answer.answer.data} />}
          <button class="big secondary" type="button" disabled={busy} onClick={() => void download()}>{t('traceXlsx')}</button>
          {saved && <p role="status">{t('done')}: {saved}</p>}
        </div>
      )}
      <TraceHistoryTable me={me} history={history} />
    </section>
  );
}
