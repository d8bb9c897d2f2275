/** The log: filters, and a virtualised table that stays fast over 100,000+ entries (only the visible rows exist). */
import { useEffect, useState } from 'preact/hooks';
import { calendarDay } from '../../core/calendar.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import { coloursOffered, type Policy } from '../../core/policy.ts';
import { tabletTimeZone } from '../../store/days.ts';
import { entriesByKeys, findEntryKeys, type EntryKey, type LogFilter } from '../../store/logQuery.ts';
import { formatDateTime } from '../../ui/dates.ts';
import { useT, type Translate } from '../../ui/i18n.ts';
import { reasonWords } from '../../ui/reasonWords.ts';
import { openPeople, readPersons, type ShownEntry } from './people.ts';

/** Rows are one height each, so the list knows where any row is; a narrow screen stacks a row's parts in more lines. */
const ROW_PX = { wide: 84, narrow: 168 } as const;
const WIDE = '(min-width: 700px)';
const VIEW_ROWS = 7;
const OVERSCAN = 4;
/** The verdict's shape beside its word: a lead tells pass from stop without telling green from red. */
const SHAPE = { pass: '✓', stop: '✕', check: '?' } as const;

const today = () => calendarDay(new Date(), tabletTimeZone());

function useRowHeight(): number {
  const [wide, setWide] = useState(() => window.matchMedia(WIDE).matches);
  useEffect(() => {
    const query = window.matchMedia(WIDE);
    const follow = () => setWide(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  return wide ? ROW_PX.wide : ROW_PX.narrow;
}

/** Whether the server has the entry, in words: "✓" alone was never explained. */
function Upload({ entry, t }: { entry: ShownEntry; t: Translate }) {
  if (entry.syncState === 'synced') return <span class="log-upload up-synced" role="cell">✓ {t('uploaded')}</span>;
  if (entry.syncState === 'pending') return <span class="log-upload up-pending" role="cell">⏳ {t('notUploaded')}</span>;
  return <span class="log-upload up-refused" role="cell">✗ {t('uploadRefused')}{entry.refusedReason ? `：${t.any(entry.refusedReason)}` : ''}</span>;
}

function Row({ entry, t, height, index }: { entry: ShownEntry; t: Translate; height: number; index: number }) {
  // The colour shown, unless a reason already names it (a stopped yellow code says "黄码（…）" once, not twice).
  const colourSaid = entry.colour && !entry.reasons.includes(`colour-${entry.colour}`);
  const reasons = [...(colourSaid && entry.colour ? [t(`seen-${entry.colour}`)] : []), ...entry.reasons.map((r) => reasonWords(r, t))];
  return (
    <div class="log-row" role="row" aria-rowindex={index + 2} style={{ height: `${height}px` }} data-seq={entry.seq} data-verdict={entry.verdict}>
      <span class="log-time" role="cell">{formatDateTime(entry.at, t.language)}</span>
      <span class="log-way" role="cell">{t(entry.direction)}</span>
      <span class="log-verdict" role="cell"><b class={`badge badge-${entry.verdict}`}><span aria-hidden="true">{SHAPE[entry.verdict]}</span> {t(entry.verdict)}</b></span>
      <span class="log-name" role="cell">{entry.locked ? `🔒 ${t('sealedLocked')}` : <>{entry.name ?? '—'} {entry.personId ? maskIdNumber(entry.personId) : ''}</>}</span>
      <Upload entry={entry} t={t} />
      <span class="log-reasons" role="cell">{reasons.join(t.language === 'zh' ? '；' : '; ') || '—'}</span>
    </div>
  );
}

export function LogPanel({ policy }: { policy: Policy }) {
  const t = useT();
  const rowPx = useRowHeight();
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
          <option value="">{t('all')}</option>{coloursOffered(policy).map((c) => <option key={c} value={c}>{t(`seen-${c}`)}</option>)}</select></label>
        <label>{t('search')}<input type="search" name="text" value={filter.text} placeholder={t('searchHint')} onChange={(e) => set({ text: e.currentTarget.value })} /></label>
      </form>
      <p class="log-count" data-count={keys?.length ?? ''} role="status">{keys ? `${keys.length} ${t('entries')}` : t('loading')}</p>
      <div class="log-table" role="table" aria-label={t('tabLog')} aria-rowcount={(keys?.length ?? 0) + 1}>
        <div class="log-row log-head" role="row" aria-rowindex={1}>
          <span class="log-time" role="columnheader">{t('logTime')}</span>
          <span class="log-way" role="columnheader">{t('direction')}</span>
          <span class="log-verdict" role="columnheader">{t('verdict')}</span>
          <span class="log-name" role="columnheader">{t('logPerson')}</span>
          <span class="log-upload" role="columnheader">{t('logUpload')}</span>
          <span class="log-reasons" role="columnheader">{t('logReasons')}</span>
        </div>
        {/* Focusable, so the list scrolls from a keyboard too. */}
        <div class="log-list" role="rowgroup" tabIndex={0} style={{ height: `${rowPx * VIEW_ROWS}px` }} onScroll={(e) => setFirst(Math.floor(e.currentTarget.scrollTop / rowPx))}>
          <div style={{ height: `${(keys?.length ?? 0) * rowPx}px`, position: 'relative' }}>
            <div style={{ position: 'absolute', top: `${start * rowPx}px`, left: 0, right: 0 }}>
              {rows.map((entry, i) => entry
                ? <Row key={`${entry.deviceId}:${entry.seq}`} entry={entry} t={t} height={rowPx} index={start + i} />
                : <div key={i} style={{ height: `${rowPx}px` }} />)}
            </div>
          </div>
        </div>
      </div>
    </section>
  );
}
