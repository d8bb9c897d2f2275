/** The log: filters, and a virtualised list that stays fast over 100,000+ entries (only the visible rows exist). */
import { useEffect, useState } from 'preact/hooks';
import { calendarDay } from '../../core/calendar.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import { tabletTimeZone } from '../../store/days.ts';
import { entriesByKeys, findEntryKeys, type EntryKey, type LogFilter } from '../../store/logQuery.ts';
import { useT, type Translate } from '../../ui/i18n.ts';
import { openPeople, readPersons, type ShownEntry } from './people.ts';

const ROW_PX = 64;
const VIEW_ROWS = 12;
const OVERSCAN = 6;

const today = () => calendarDay(new Date(), tabletTimeZone());

function Row({ entry, t }: { entry: ShownEntry; t: Translate }) {
  return (
    <div class={`log-row verdict-${entry.verdict}`} style={{ height: `${ROW_PX}px` }} data-seq={entry.seq}>
      <span class="log-time">{new Date(entry.at).toLocaleString()}</span>
      <span class="log-dir">{t(entry.direction)}</span>
      <span class={`log-verdict v-${entry.verdict}`}>{t(entry.verdict)}</span>
      <span class="log-name">{entry.locked ? `🔒 ${t('sealedLocked')}` : <>{entry.name ?? '—'} {entry.personId ? maskIdNumber(entry.personId) : ''}</>}</span>
      <span class="log-reasons">{entry.colour ? `${t(`seen-${entry.colour}`)} ` : ''}{entry.reasons.map((r) => t.any(r)).join('，')}</span>
      <span class={`log-sync s-${entry.syncState}`} title={entry.refusedReason ? t.any(entry.refusedReason) : ''}>
        {entry.syncState === 'synced' ? '✓' : entry.syncState === 'pending' ? '⏳' : `✗ ${t.any(entry.refusedReason ?? 'refused')}`}
      </span>
    </div>
  );
}

export function LogPanel() {
  const t = useT();
  const [filter, setFilter] = useState<LogFilter>({ from: today(), to: today(), direction: '', verdict: '', colour: '', text: '' });
  const [keys, setKeys] = useState<EntryKey[] | null>(null);
  const [first, setFirst] = useState(0);
  const [rows, setRows] = useState<Array<ShownEntry | undefined>>([]);

  useEffect(() => {
    let current = true;
    setKeys(null);
    void findEntryKeys(filter, readPersons).then((k) => { if (current) { setKeys(k); setFirst(0); } });
    return () => { current = false; };
  }, [filter]);

  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(keys?.length ?? 0, first + VIEW_ROWS + OVERSCAN);
  useEffect(() => {
    if (!keys) return;
    let current = true;
    void entriesByKeys(keys.slice(start, end)).then(openPeople).then((r) => { if (current) setRows(r); });
    return () => { current = false; };
  }, [keys, start, end]);

  const set = (patch: Partial<LogFilter>) => setFilter({ ...filter, ...patch });
  return (
    <section class="log">
      <form class="log-filters" onSubmit={(e) => e.preventDefault()}>
        <label>{t('from')}<input type="date" name="from" value={filter.from} onChange={(e) => set({ from: e.currentTarget.value || today() })} /></label>
        <label>{t('to')}<input type="date" name="to" value={filter.to} onChange={(e) => set({ to: e.currentTarget.value || today() })} /></label>
        <label>{t('direction')}<select name="direction" value={filter.direction} onChange={(e) => set({ direction: e.currentTarget.value as LogFilter['direction'] })}>
          <option value="">{t('all')}</option><option value="in">{t('in')}</option><option value="out">{t('out')}</option></select></label>
        <label>{t('verdict')}<select name="verdict" value={filter.verdict} onChange={(e) => set({ verdict: e.currentTarget.value as LogFilter['verdict'] })}>
          <option value="">{t('all')}</option>{(['pass', 'stop', 'check'] as const).map((v) => <option key={v} value={v}>{t(v)}</option>)}</select></label>
        <label>{t('colour')}<select name="colour" value={filter.colour} onChange={(e) => set({ colour: e.currentTarget.value as LogFilter['colour'] })}>
          <option value="">{t('all')}</option>{(['green', 'yellow', 'red'] as const).map((c) => <option key={c} value={c}>{t(`seen-${c}`)}</option>)}</select></label>
        <label>{t('search')}<input type="search" name="text" value={filter.text} placeholder={t('searchHint')} onChange={(e) => set({ text: e.currentTarget.value })} /></label>
      </form>
      <p class="log-count" data-count={keys?.length ?? ''}>{keys ? `${keys.length} ${t('entries')}` : t('loading')}</p>
      <div class="log-list" style={{ height: `${ROW_PX * VIEW_ROWS}px` }} onScroll={(e) => setFirst(Math.floor(e.currentTarget.scrollTop / ROW_PX))}>
        <div style={{ height: `${(keys?.length ?? 0) * ROW_PX}px`, position: 'relative' }}>
          <div style={{ position: 'absolute', top: `${start * ROW_PX}px`, left: 0, right: 0 }}>
            {rows.map((entry, i) => entry ? <Row key={`${entry.deviceId}:${entry.seq}`} entry={entry} t={t} /> : <div key={i} style={{ height: `${ROW_PX}px` }} />)}
          </div>
        </div>
      </div>
    </section>
  );
}
