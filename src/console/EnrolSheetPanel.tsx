/** A printable enrolment sheet for the checkpoints of the scope (one A4 page each, a fresh one-time code on each), downloaded as an HTML file to print. */
import { useState } from 'preact/hooks';
import { ENROL_SHEET_DAYS } from '../core/consoleRules.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, networkError, send } from './api.ts';
import { saveDownload } from './download.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { queryOf, type Where } from './where.ts';

export function EnrolSheetPanel({ where }: { where: Where }) {
  const t = useT();
  const [days, setDays] = useState<number>(ENROL_SHEET_DAYS.default);
  const [working, setWorking] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);

  const download = async (event: Event) => {
    event.preventDefault();
    setWorking(true);
    setDone(null);
    setError(null);
    try {
      // A POST: every download issues new codes, so it carries the CSRF token and is never a link a page could make one follow.
      const res = await send('POST', `/console/enrol-sheet?${queryOf(where.scope, null, null, { days: String(days) })}`, {});
      setDone(await saveDownload(res, 'kadian-enrol-sheet.html'));
    } catch (e) {
      setError(e instanceof ConsoleError ? e : networkError());
    } finally {
      setWorking(false);
    }
  };

  return (
    <section class="enrol-sheet" aria-labelledby="sheet-title">
      <h3 id="sheet-title">{t('sheetTitle')}</h3>
      <p class="hint">{t('sheetHint')}</p>
      <form class="export-form" onSubmit={(e) => void download(e)}>
        <label>
          {t('sheetDays')}
          <input type="number" name="days" inputMode="numeric" min={ENROL_SHEET_DAYS.min} max={ENROL_SHEET_DAYS.max} value={days} required
            onInput={(e) => { const n = Number(e.currentTarget.value); if (Number.isInteger(n) && n >= ENROL_SHEET_DAYS.min && n <= ENROL_SHEET_DAYS.max) setDays(n); }} />
        </label>
        <button class="big primary" type="submit" disabled={working}>{working ? t('working') : t('sheetDownload')}</button>
      </form>
      {done && <p class="ok" role="status">{t('done')}: {done}</p>}
      <ErrorLine error={error} />
    </section>
  );
}
