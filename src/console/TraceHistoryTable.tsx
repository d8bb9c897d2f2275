/** The trace queries a user made (an admin: everyone's), newest first, as the audit log holds them. */
import type { Me } from '../core/consoleWire.ts';
import type { TraceHistory } from '../core/traceWire.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorLine } from './ErrorLine.tsx';
import type { Loaded } from './useLoad.ts';

export function TraceHistoryTable({ me, history }: { me: Me; history: Loaded<TraceHistory> }) {
  const t = useT();
  const everyone = me.user.role === 'admin';
  const queries = history.data?.queries ?? [];
  return (
    <section aria-labelledby="trace-history" class="trace-history">
      <h3 id="trace-history">{everyone ? t('traceHistoryAll') : t('traceHistory')}</h3>
      <ErrorLine error={history.error} />
      {queries.length > 0 && (
        <div class="table-scroll">
          <table class="trace-table" data-table="history">
            <thead>
              <tr>
                <th scope="col">{t('traceTime')}</th>{everyone && <th scope="col">{t('traceUser')}</th>}<th scope="col">{t('traceKind')}</th>
                <th scope="col">{t('traceReason')}</th><th scope="col">{t('traceCount')}</th>
              </tr>
            </thead>
            <tbody>
              {queries.map((q) => (
                <tr key={`${q.at}${q.actor}`}>
                  <td>{new Date(q.at).toLocaleString(t.language === 'zh' ? 'zh-CN' : 'en-GB')}</td>
                  {everyone && <td>{q.user}</td>}
                  <td>{t(`traceKind.${q.kind}`)} · {q.query}</td>
                  <td>{q.reason}</td>
                  <td>{q.refused ? <em>{t('traceRefused')}</em> : q.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
