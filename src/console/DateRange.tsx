/** Today, the last 7 or 30 days, or any two dates: the range a page shows, kept in its address. */
import { useState } from 'preact/hooks';
import { addDays } from '../core/calendar.ts';
import { useT } from '../ui/i18n.ts';
import { navigate } from '../ui/navigate.ts';
import { hrefOf, type Page, type Where } from './where.ts';

/** `today` is the server's calendar day (its TIME_ZONE), not the browser's: the presets count back from it. */
export function DateRange({ page, where, today, shown }: { page: Page; where: Where; today: string; shown: { from: string; to: string } }) {
  const t = useT();
  const [from, setFrom] = useState(shown.from);
  const [to, setTo] = useState(shown.to);
  const show = (f: string, u: string) => {
    setFrom(f);
    setTo(u);
    navigate(hrefOf(page, where.scope, f, u));
  };
  const presets: Array<[string, number]> = [[t('today'), 0], [t('last7'), 6], [t('last30'), 29]];
  return (
    <form class="date-range" aria-label={t('dateRange')} onSubmit={(e) => { e.preventDefault(); if (from && to && from <= to) show(from, to); }}>
      <div class="presets">
        {presets.map(([word, days]) => {
          const on = shown.to === today && shown.from === addDays(today, -days);
          return <button key={word} type="button" class={on ? 'primary' : 'secondary'} aria-pressed={on} onClick={() => show(addDays(today, -days), today)}>{word}</button>;
        })}
      </div>
      <label>{t('from')} <input type="date" value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} /></label>
      <label>{t('to')} <input type="date" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} /></label>
      <button type="submit" class="secondary">{t('show')}</button>
    </form>
  );
}
