/** The form of a trace: who or where, the range, and the reason every query must give. */
import { useState } from 'preact/hooks';
import { addDays } from '../core/calendar.ts';
import type { Areas, Checkpoints } from '../core/consoleWire.ts';
import { DEFAULT_CONTACT_WINDOW_MINUTES, MAX_CONTACT_WINDOW_MINUTES, type TraceKind } from '../core/traceWire.ts';
import { useT } from '../ui/i18n.ts';
import { IdNumberInput, Required } from '../ui/IdNumberInput.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { useLoad } from './useLoad.ts';

/** What the form holds; a query gets every field filled (the defaults of the fields left alone). */
export interface TraceFields {
  personId: string;
  since: string;
  until: string;
  placeId: string;
  checkpointId: string;
  from: string;
  to: string;
  windowMinutes: number;
  secondLevel: boolean;
  reason: string;
}

const EMPTY: TraceFields = {
  personId: '', since: '', until: '', placeId: '', checkpointId: '', from: '', to: '', windowMinutes: DEFAULT_CONTACT_WINDOW_MINUTES, secondLevel: false, reason: '',
};

/** The places and gates of the caller's subtree, asked only once a place is to be traced. */
function PlacePicker({ fields, set }: { fields: TraceFields; set: (change: Partial<TraceFields>) => void }) {
  const t = useT();
  const areas = useLoad<Areas>('/console/areas');
  const checkpoints = useLoad<Checkpoints>('/console/checkpoints');
  const gates = (checkpoints.data?.checkpoints ?? []).filter((c) => c.placeId === fields.placeId);
  return (
    <>
      <label>{t('tracePlace')} <Required />
        <select name="place" required value={fields.placeId} onChange={(e) => set({ placeId: e.currentTarget.value, checkpointId: '' })}>
          <option value="" disabled>—</option>
          {(areas.data?.places ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </label>
      <label>{t('checkpoint')}
        <select name="checkpoint" value={fields.checkpointId} onChange={(e) => set({ checkpointId: e.currentTarget.value })}>
          <option value="">{t('traceAnyGate')}</option>
          {gates.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </label>
      <ErrorLine error={areas.error ?? checkpoints.error} />
    </>
  );
}

export function TraceForm({ kind, today, busy, onRun }: { kind: TraceKind; today: string; busy: boolean; onRun: (fields: TraceFields) => void }) {
  const t = useT();
  const [fields, setFields] = useState<TraceFields>(EMPTY);
  const set = (change: Partial<TraceFields>) => setFields((f) => ({ ...f, ...change }));
  // The defaults shown, and sent as they are when left alone: the last 14 days, or today until now, by the server's today.
  const since = fields.since || (today && addDays(today, -13));
  const until = fields.until || today;
  const from = fields.from || `${today}T00:00`;
  const to = fields.to || `${today}T${new Date().toTimeString().slice(0, 5)}`;
  return (
    <form class="export-form trace-form" onSubmit={(e) => { e.preventDefault(); onRun({ ...fields, since, until, from, to }); }}>
      {kind !== 'place' && <IdNumberInput value={fields.personId} onInput={(personId) => set({ personId })} />}
      {kind !== 'place' && (
        <>
          <label>{t('from')} <input type="date" name="since" value={since} max={until} required onInput={(e) => set({ since: e.currentTarget.value })} /></label>
          <label>{t('to')} <input type="date" name="until" value={until} min={since} required onInput={(e) => set({ until: e.currentTarget.value })} /></label>
        </>
      )}
      {kind === 'place' && <PlacePicker fields={fields} set={set} />}
      {kind === 'place' && (
        <>
          <label>{t('from')} <input type="datetime-local" name="from" value={from} required
            onInput={(e) => set({ from: e.currentTarget.value })} /></label>
          <label>{t('to')} <input type="datetime-local" name="to" value={to} required onInput={(e) => set({ to: e.currentTarget.value })} /></label>
        </>
      )}
      {kind === 'contacts' && (
        <>
          <label>{t('traceWindow')}
            <input type="number" name="window" min="0" max={MAX_CONTACT_WINDOW_MINUTES} value={fields.windowMinutes}
              onInput={(e) => set({ windowMinutes: Math.max(0, Math.min(MAX_CONTACT_WINDOW_MINUTES, Math.round(Number(e.currentTarget.value) || 0))) })} />
          </label>
          <label class="inline"><input type="checkbox" name="secondLevel" checked={fields.secondLevel} onChange={(e) => set({ secondLevel: e.currentTarget.checked })} /> {t('traceSecondLevel')}</label>
        </>
      )}
      <label>{t('traceReason')} <Required />
        <input name="reason" required minLength={2} maxLength={200} autocomplete="off" value={fields.reason} onInput={(e) => set({ reason: e.currentTarget.value })} />
      </label>
      <button class="big primary" type="submit" disabled={busy || !today}>{busy ? t('working') : t('traceRun')}</button>
    </form>
  );
}
