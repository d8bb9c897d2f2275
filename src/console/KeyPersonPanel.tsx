/** A place's or checkpoint's key-person lists: each gate's size, categories and last import (never who), and an upload that replaces them, with its progress, its result, or each bad line. */
import { useState } from 'preact/hooks';
import { say } from '../core/catalogue.ts';
import type { KeyPersonImported, KeyPersonLists, KeyPersonRefusal } from '../core/consoleRules.ts';
import { KEY_PERSON_CATEGORIES, keyPersonCategoryName } from '../core/keyPersons.ts';
import { formatDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, networkError, upload } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { useLoad } from './useLoad.ts';

const FILE_TYPES = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Refused before sending: the server would refuse it (413) only after it had all come. */
function tooLarge(maxBytes: number): ConsoleError {
  const mb = `${Math.floor(maxBytes / (1024 * 1024))} MB`;
  return new ConsoleError(413, 'request-too-large', { zh: `${say('kpTooLarge', 'zh')} ${mb}`, en: `${say('kpTooLarge', 'en')} ${mb}` });
}

function Problems({ refusal }: { refusal: KeyPersonRefusal }) {
  const t = useT();
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t('kpProblem')}>
      <table class="problems" data-problems={refusal.problemCount}>
        <thead><tr><th scope="col">{t('kpLine')}</th><th scope="col">{t('kpProblem')}</th></tr></thead>
        <tbody>
          {refusal.problems.map((p) => (
            <tr key={p.line} data-line={p.line} data-error={p.error}>
              <th scope="row">{p.line}</th>
              <td>{t.language === 'zh' ? p.messageZh : p.message}{p.detail ? ` (${p.detail})` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Imported({ imported }: { imported: KeyPersonImported }) {
  const t = useT();
  return (
    <div class="kp-result" role="status">
      <p class="ok">{t('kpImported')}</p>
      <ul>
        {imported.lists.map((l) => (
          <li key={l.checkpointId} data-imported={l.checkpointId}>
            {l.checkpointName}: {l.persons} {t('kpPersons')} ({t('kpAdded')} {l.added}, {t('kpChanged')} {l.changed}, {t('kpUnchanged')} {l.unchanged}, {t('kpRemoved')} {l.removed})
          </li>
        ))}
      </ul>
    </div>
  );
}

export function KeyPersonPanel({ query, mayUpload }: { query: string; mayUpload: boolean }) {
  const t = useT();
  const lists = useLoad<KeyPersonLists>(`/console/key-persons?${query}`);
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<{ sent: number; total: number; sealing: boolean } | null>(null);
  const [imported, setImported] = useState<KeyPersonImported | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const refusal = error?.code === 'key-person-file' ? (error.body as KeyPersonRefusal) : null;

  const send = async (event: Event) => {
    event.preventDefault();
    if (!file || !lists.data) return;
    setImported(null);
    setError(null);
    if (file.size > lists.data.maxBytes) {
      setError(tooLarge(lists.data.maxBytes));
      return;
    }
    setStage({ sent: 0, total: file.size, sealing: false });
    try {
      const done = await upload<KeyPersonImported>(`/console/key-persons?${query}`, file,
        (sent, total) => setStage({ sent, total, sealing: false }), () => setStage((s) => s && { ...s, sealing: true }));
      setImported(done);
      lists.reload();
    } catch (e) {
      setError(e instanceof ConsoleError ? e : networkError());
    } finally {
      setStage(null);
    }
  };

  return (
    <section class="key-persons" aria-labelledby="kp-title">
      <h3 id="kp-title">{t('kpTitle')}</h3>
      <ErrorLine error={lists.error} />
      {lists.data && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="kp-title">
          <table class="kp-table">
            <thead>
              <tr><th scope="col">{t('checkpoint')}</th><th scope="col">{t('kpPersons')}</th><th scope="col">{t('kpCategories')}</th><th scope="col">{t('kpUpdated')}</th></tr>
            </thead>
            <tbody>
              {lists.data.lists.map((l) => (
                <tr key={l.checkpointId} data-list={l.checkpointId}>
                  <th scope="row">{l.checkpointName}</th>
                  <td data-persons={l.persons} data-arrivals={l.arrivals}>{l.persons}{l.arrivals > 0 && <span class="kind"> ({t('kpFromArrivals')} {l.arrivals})</span>}</td>
                  <td class="wrap">{KEY_PERSON_CATEGORIES.filter((c) => l.byCategory[c]).map((c) => `${keyPersonCategoryName(c, t.language)} ${l.byCategory[c]}`).join('，')}</td>
                  <td>{l.updatedAt ? formatDateTime(l.updatedAt, t.language) : t('kpNever')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayUpload && (
        <form class="kp-upload" onSubmit={(e) => void send(e)}>
          <p class="hint">{t('kpWhole')}</p>
          <label>
            {t('kpFile')}
            <input type="file" name="key-persons" accept={FILE_TYPES} onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); setError(null); setImported(null); }} />
          </label>
          <button class="big primary" type="submit" disabled={!file || stage !== null}>{t('kpUpload')}</button>
        </form>
      )}
      {stage && !stage.sealing && (
        <p class="export-progress" role="status">
          {t('kpUploading')} <progress max={Math.max(stage.total, 1)} value={stage.sent} /> {Math.round((stage.sent * 100) / Math.max(stage.total, 1))} %
        </p>
      )}
      {stage?.sealing && <p role="status">{t('kpSealing')}</p>}
      {imported && <Imported imported={imported} />}
      <ErrorLine error={error} />
      {refusal && <Problems refusal={refusal} />}
    </section>
  );
}
