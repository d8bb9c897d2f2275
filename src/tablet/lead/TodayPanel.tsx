/** Today at a glance: in, out, inside now, stopped and why, by colour, by hour; and the last 14 days. */
import { useMemo } from 'preact/hooks';
import { COLOURS, OUTCOMES } from '../../core/entry.ts';
import type { DayFigures } from '../../core/figures.ts';
import type { Policy } from '../../core/policy.ts';
import { dayFigures, lastDays } from '../../store/figures.ts';
import { placeInsideNow } from '../../store/placeTally.ts';
import { useT } from '../../ui/i18n.ts';
import { reasonWords } from '../../ui/reasonWords.ts';
import { useLive } from '../../ui/useLive.ts';
import { BarChart } from '../../ui/BarChart.tsx';

const HOURS = Array.from({ length: 24 }, (_, h) => String(h));
/** The colours of the charts' bars: the verdicts' own, dark enough for white beside them. */
const BAR = { scans: '#0b5394', in: '#137333', stopped: '#c5221f' } as const;

function Figure({ label, value, name }: { label: string; value: number | string; name: string }) {
  return (
    <div class="figure" data-figure={name}>
      <div class="figure-value">{value}</div>
      <div class="figure-label">{label}</div>
    </div>
  );
}

export function TodayPanel({ policy }: { policy: Policy }) {
  const t = useT();
  const today = useLive<DayFigures | null>(() => dayFigures(), [], null);
  const trend = useLive<DayFigures[]>(() => lastDays(14), [], []);
  // Inside is the place's, all gates together, as the gate judges it: not this tablet's own count of the day.
  const inside = useLive(placeInsideNow, [], null)?.inside ?? today?.inside ?? 0;
  const hourSeries = useMemo(() => [{ label: t('scans'), values: today?.hours ?? [], colour: BAR.scans }], [today, t]);
  const trendLabels = useMemo(() => trend.map((d) => d.day.slice(5)), [trend]);
  const trendSeries = useMemo(() => [
    { label: t('figIn'), values: trend.map((d) => d.passedIn), colour: BAR.in },
    { label: t('figStopped'), values: trend.map((d) => d.stopped), colour: BAR.stopped },
  ], [trend, t]);
  if (!today) return null;
  const reasons = Object.entries(today.reasons).filter(([r]) => !r.startsWith('kp-')).sort((a, b) => b[1] - a[1]);
  return (
    <section class="today">
      <div class="figures">
        <Figure name="in" label={t('figIn')} value={today.passedIn} />
        <Figure name="out" label={t('figOut')} value={today.passedOut} />
        <Figure name="inside" label={t('figInside')} value={policy.capacity ? `${inside} / ${policy.capacity}` : inside} />
        <Figure name="stopped" label={t('figStopped')} value={today.stopped} />
        <Figure name="checked" label={t('figChecked')} value={today.checked} />
        <Figure name="key-persons" label={t('figKeyPersons')} value={today.keyPersonHits} />
      </div>
      <div class="breakdowns">
        <div>
          <h3>{t('byColour')}</h3>
          <ul class="by-colour">
            {COLOURS.filter((c) => c !== 'blue' || policy.colours.blue !== undefined || today.colours.blue > 0).map((c) => <li key={c} class={`colour-${c}`} data-colour-count={c}>{t(`seen-${c}`)} {today.colours[c]}</li>)}
          </ul>
        </div>
        <div>
          <h3>{t('byOutcome')}</h3>
          <ul class="by-outcome">
            {OUTCOMES.map((o) => <li key={o} data-outcome-count={o}>{t(`outcome-${o}`)} {today.outcomes[o]}</li>)}
          </ul>
        </div>
        <div>
          <h3>{t('byReason')}</h3>
          {reasons.length === 0 ? <p>—</p> : (
            <table class="by-reason">
              <tbody>{reasons.map(([r, n]) => <tr key={r} data-reason={r}><th scope="row">{reasonWords(r, t)}</th><td>{n}</td></tr>)}</tbody>
            </table>
          )}
        </div>
      </div>
      <BarChart title={t('byHour')} labels={HOURS} series={hourSeries} />
      <BarChart title={t('trend14')} labels={trendLabels} series={trendSeries} />
    </section>
  );
}
