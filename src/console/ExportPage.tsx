/** The log of the scope and a date range as XLSX or CSV, streamed from the server with the bytes received shown, then saved as a file. */
import { useState } from 'preact/hooks';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, send } from './api.ts';
import type { Me } from '../core/consoleWire.ts';
import type { Overview } from '../core/consoleFigures.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { saveDownload } from './download.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { useLoad } from './useLoad.ts';
import { queryOf, type Where } from './where.ts';

export function ExportPage({ me, where }: { me: Me; where: Where }) {
  const t = useT();
  // The dates default to the server's today (its TIME_ZONE), which the overview of the scope names; the browser's may differ.
  const overview = useLoad<Overview>(`/console/figures?${queryOf(where.scope)}`);
  const [chosenFrom, setFrom] = useState(where.from);
  const [chosenTo, setTo] = useState(where.to);
  const from = chosenFrom ?? overview.data?.to ?? '';
  const to = chosenTo ?? overview.data?.to ?? '';
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [received, setReceived] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The server's retention deleted entries before this time: the file says nothing of them, the page does.
  const [retainedFrom, setRetainedFrom] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);

  const download = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    setReceived(0);
    try {
      const res = await send('GET', `/console/export?${queryOf(where.scope, from, to, { format, lang: t.language })}`);
      setRetainedFrom(res.headers.get('x-kadian-retained-from'));
      const name = await saveDownload(res, `kadian-${from}-${to}.${format}`, setReceived);
      setDone(name);
    } catch (e) {
      setError(e instanceof ConsoleError ? e : new ConsoleError(0, 'network', { zh: t('networkFailed'), en: t('networkFailed') }));
    } finally {
      setReceived(null);
    }
  };

  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t('exportTitle')}</h2>
      {overview.data && <Breadcrumbs me={me} where={where} page="export" trail={overview.data.trail} />}
      <ErrorLine error={overview.error} />
      <form class="export-form" onSubmit={(e) => void download(e)}>
        <label>{t('from')} <input type="date" value={from} max={to} required onInput={(e) => setFrom(e.currentTarget.value)} /></label>
        <label>{t('to')} <input type="date" value={to} min={from} required onInput={(e) => setTo(e.currentTarget.value)} /></label>
        <fieldset>
          <legend>{t('format')}</legend>
          <label class="inline"><input type="radio" name="format" checked={format === 'xlsx'} onChange={() => setFormat('xlsx')} /> Excel (XLSX)</label>
          <label class="inline"><input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV</label>
        </fieldset>
        <button class="big primary" type="submit" disabled={received !== null || !from || !to}>{received === null ? t('exportStart') : t('working')}</button>
      </form>
      {received !== null && <p role="status">{t('exportReceived')} {(received / 1024).toFixed(0)} KB</p>}
      {done && <p role="status">{t('done')}: {done}</p>}
      {done && retainedFrom && <p class="notice">{t('traceRetained')}{new Date(retainedFrom).toLocaleString(t.language === 'zh' ? 'zh-CN' : 'en-GB')}</p>}
      <ErrorLine error={error} />
    </section>
  );
}
