/** An area at a glance: its figures for a date range, each area, place or checkpoint below it (drill down, breadcrumbs up), the daily trend and the hours. */
import { useMemo } from 'preact/hooks';
import type { FigureRow, Hours, Overview, Trend } from '../core/consoleFigures.ts';
import { addDays, calendarDay } from '../core/calendar.ts';
import { levelName } from '../core/city.ts';
import type { Me } from '../core/consoleWire.ts';
import { BarChart } from '../ui/BarChart.tsx';
import { formatFullDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { ago } from './ago.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { DateRange } from './DateRange.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { FigureCards, FIGURES, OutcomeLine } from './FigureCards.tsx';
import { HeatMap } from './HeatMap.tsx';
import { PlaceCountsPanel } from './PlaceCountsPanel.tsx';
import { useLoad } from './useLoad.ts';
import { go, hrefOf, queryOf, type Where } from './where.ts';

export function OverviewPage({ me, where }: { me: Me; where: Where }) {
  const t = useT();
  const { scope, from, to } = where;
  const overview = useLoad<Overview>(`/console/figures?${queryOf(scope, from, to)}`);
  const day = overview.data?.to ?? null;
  // The trend ends on the range's last day and shows at least 30 days; the hours are of that last day.
  const trendFrom = day === null ? null : from !== null && from < addDays(day, -29) ? from : addDays(day, -29);
  const trend = useLoad<Trend>(day === null ? null : `/console/trend?${queryOf(scope, trendFrom, day)}`);
  const hours = useLoad<Hours>(day === null ? null : `/console/hours?${queryOf(scope, null, null, { date: day })}`);

  const data = overview.data;
  const now = useMemo(() => (data ? new Date(data.asOf) : new Date()), [data]);
  const kindWord = (row: FigureRow): string => {
    if (row.kind === 'place') return t('kindPlace');
    if (row.kind === 'checkpoint') return t('kindCheckpoint');
    return row.level === null ? '' : levelName(row.level, t.language);
  };
  const trendSeries = useMemo(() => trend.data && [
    { label: t('figIn'), values: trend.data.days.map((d) => d.figures.in), colour: '#0b5394' },
    { label: t('figOut'), values: trend.data.days.map((d) => d.figures.out), colour: '#5f6368' },
  ], [trend.data, t]);
  const trendLabels = useMemo(() => trend.data?.days.map((d) => d.date.slice(5)) ?? [], [trend.data]);

  if (!data) return <section><p role="status">{t('loading')}</p><ErrorLine error={overview.error} /></section>;
  const link = (row: FigureRow) => hrefOf('overview', { kind: row.kind, id: row.id }, from, to);
  return (
    <section aria-labelledby="overview-title">
      <Breadcrumbs me={me} where={where} page="overview" trail={data.trail} />
      <h2 id="overview-title">{data.scope.name || t('wholeCity')} <span class="kind">{kindWord(data.scope)}</span></h2>
      <DateRange page="overview" where={where} today={calendarDay(new Date(data.asOf), data.timeZone)} shown={{ from: data.from, to: data.to }} />
      <p class="as-of">
        {t('asOf')} {formatFullDateTime(data.asOf, t.language)} · <span title={t('freshnessHint')}>{t('freshness')}: {data.scope.devices === 0 ? t('noTablets') : ago(data.scope.oldestLastSeenAt, now, t)}</span>
        {data.replicaLagSeconds !== undefined && <> · <span class="replica-lag" title={t('replicaLagHint')}>{t('replicaLag').replace('{n}', String(Math.round(data.replicaLagSeconds)))}</span></>}
      </p>
      <FigureCards figures={data.scope.figures} />
      {scope?.kind !== 'checkpoint' && (
        <PlaceCountsPanel
          me={me}
          areaId={scope?.kind === 'place' ? ([...data.trail].reverse().find((s) => s.kind === 'area')?.id ?? null) : (scope?.id ?? null)}
          {...(scope?.kind === 'place' && { placeId: scope.id })}
        />
      )}
      {/* The upward report of the last day shown, as of now: a file for the level above, no numbers typed by hand. */}
      {scope?.kind !== 'checkpoint' && <p class="actions">
        <a class="button secondary" download href={`/api/v1/console/report?${queryOf(scope, null, null, { date: data.to, format: 'xlsx', lang: t.language })}`}>
          {t('dailyReport')} · {data.to}
        </a>
      </p>}

      {data.children.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="below-title">
          <table class="figures-table">
            <caption id="below-title">{t('below')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('unitName')}</th>
                {FIGURES.map(([key, word]) => <th key={key} scope="col">{t(word)}</th>)}
                <th scope="col">{t('figOutcomes')}</th>
                <th scope="col" title={t('freshnessHint')}>{t('freshness')}</th>
              </tr>
            </thead>
            <tbody>
              {data.children.map((row) => (
                <tr key={row.id} data-child={row.id}>
                  <th scope="row"><a href={link(row)} onClick={(e) => go(e, link(row))}>{row.name}</a> <span class="kind">{kindWord(row)}</span></th>
                  {FIGURES.map(([key]) => <td key={key} data-figure={key}>{row.figures[key]}</td>)}
                  <td><OutcomeLine figures={row.figures} /></td>
                  <td>{row.devices === 0 ? t('noTablets') : ago(row.oldestLastSeenAt, now, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {trend.data && trendSeries && (
        <>
          <BarChart title={t('trendTitle')} labels={trendLabels} series={trendSeries} />
          <details class="table-view">
            <summary>{t('tableView')}: {t('trendTitle')}</summary>
            <table>
              <thead><tr><th scope="col">{t('date')}</th>{FIGURES.map(([key, word]) => <th key={key} scope="col">{t(word)}</th>)}</tr></thead>
              <tbody>
                {trend.data.days.map((d) => (
                  <tr key={d.date}><th scope="row">{d.date}</th>{FIGURES.map(([key]) => <td key={key}>{d.figures[key]}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
      {hours.data && <HeatMap hours={hours.data} />}
      <ErrorLine error={trend.error ?? hours.error} />
    </section>
  );
}
