/** Export of a date range as CSV or XLSX, made offline in a worker, with a progress bar and a cancel button. */
import * as Comlink from 'comlink';
import { useContext, useRef, useState } from 'preact/hooks';
import { calendarDay, startOfDay } from '../../core/calendar.ts';
import { checkpointLabel } from '../../core/exportColumns.ts';
import type { Language } from '../../core/catalogue.ts';
import type { Device } from '../../store/device.ts';
import { tabletTimeZone } from '../../store/days.ts';
import { WorkerBridge } from '../../workers/bridge.ts';
import type { ExportApi, ExportRequest } from '../../workers/export.worker.ts';
import { LanguageContext, useT } from '../../ui/i18n.ts';
import { leadKey } from './session.ts';

/** The file's name says where and when: 卡点-东门卡点-2026-11-01-2026-11-23.xlsx. */
function fileName(device: Device, from: string, to: string, format: 'csv' | 'xlsx'): string {
  const place = device.config.checkpoint.name.replace(/[\\/:*?"<>|]/g, '_');
  return `卡点-${place}-${from}${to === from ? '' : `-${to}`}.${format}`;
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The export worker: started for an export, ended when it is cancelled or has sat idle for a while. */
const exporter = new WorkerBridge<ExportApi>(
  () => new Worker(new URL('../../workers/export.worker.ts', import.meta.url), { type: 'module', name: 'kadian-export' }),
  { name: 'export', idleMs: 30_000 },
);

export function ExportPanel({ device }: { device: Device }) {
  const t = useT();
  const { language: uiLanguage } = useContext(LanguageContext);
  const today = calendarDay(new Date(), tabletTimeZone());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [format, setFormat] = useState<'csv' | 'xlsx'>('xlsx');
  const [language, setLanguage] = useState<Language>(uiLanguage);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<{ key: 'exportDone' | 'exportCancelled' | 'exportFailed'; file?: string } | null>(null);
  const running = useRef<AbortController | null>(null);

  const cancel = () => {
    running.current?.abort();
    running.current = null;
    setProgress(null);
    setResult({ key: 'exportCancelled' });
  };

  const run = async () => {
    const zone = tabletTimeZone();
    const request: ExportRequest = {
      from: startOfDay(from, zone).toISOString(),
      until: new Date(startOfDay(to, zone).getTime() + 86_400_000).toISOString(),
      format,
      language,
      timeZone: zone,
      checkpoints: { [device.config.checkpoint.id]: checkpointLabel(device.config.checkpoint) },
      privateKey: leadKey()?.privateKey ?? null,
    };
    setResult(null);
    setProgress({ done: 0, total: 0 });
    const controller = new AbortController();
    running.current = controller;
    try {
      // The progress comes over its own port, so its last call can arrive after the file: a bar shown then would stay,
      // with no export button under it. Only the export under way draws its progress.
      const onProgress = (done: number, total: number) => { if (running.current === controller) setProgress({ done, total }); };
      const blob = await exporter.run((api) => api.exportLog(request, Comlink.proxy(onProgress)), controller.signal);
      const file = fileName(device, from, to, format);
      download(blob, file);
      // Where it went, by name: a lead who cannot find the file cannot hand it to the street office.
      setResult({ key: 'exportDone', file });
    } catch {
      if (!controller.signal.aborted) setResult({ key: 'exportFailed' });
    } finally {
      if (running.current === controller) { running.current = null; setProgress(null); }
    }
  };

  return (
    <form class="export" onSubmit={(e) => { e.preventDefault(); void run(); }}>
      <label>{t('from')}<input type="date" name="from" value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value || today)} /></label>
      <label>{t('to')}<input type="date" name="to" value={to} min={from} onChange={(e) => setTo(e.currentTarget.value || today)} /></label>
      <label>{t('format')}<select name="format" value={format} onChange={(e) => setFormat(e.currentTarget.value as 'csv' | 'xlsx')}>
        <option value="xlsx">Excel (XLSX)</option><option value="csv">CSV (UTF-8)</option></select></label>
      <label>{t('columnsLanguage')}<select name="language" value={language} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
        <option value="zh">中文</option><option value="en">English</option></select></label>
      {progress ? (
        <div class="export-progress" data-progress={`${progress.done}/${progress.total}`}>
          <progress value={progress.done} max={progress.total || 1} aria-label={t('exportNow')} />
          <span>{progress.done} / {progress.total}</span>
          <button class="big secondary" type="button" onClick={cancel}>{t('cancel')}</button>
        </div>
      ) : (
        <button class="big primary" type="submit">{t('exportNow')}</button>
      )}
      {result && (
        <p class={result.key === 'exportFailed' ? 'error' : 'ok'} role="status" data-result={result.key} data-file={result.file}>
          {t(result.key)}{result.file && <> <b class="file-name">{result.file}</b></>}
        </p>
      )}
    </form>
  );
}
