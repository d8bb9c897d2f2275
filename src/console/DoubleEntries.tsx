/** Persons let in twice at one place with no exit between, found when offline tablets synced: both entries kept, the pair listed here. */
import type { Anomalies } from '../core/anomalyWire.ts';
import type { Me } from '../core/consoleWire.ts';
import { hasRight } from '../core/roles.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { useLoad } from './useLoad.ts';

/** The area's (or place's) double entries, newest first; for users who may read the log's persons (entries.export). */
export function DoubleEntries({ me, scope }: { me: Me; scope: { kind: 'area' | 'place'; id: string } | null }) {
  const t = useT();
  const allowed = hasRight(me.user.role, 'entries.export');
  const loaded = useLoad<Anomalies>(allowed ? `/console/anomalies${scope ? `?${scope.kind}=${encodeURIComponent(scope.id)}` : ''}` : null);
  if (!allowed) return null;
  const pairs = loaded.data?.doubleEntries ?? [];
  return (
    <section aria-labelledby="double-title" class="double-entries">
      <h3 id="double-title">{t('doubleTitle')}</h3>
      <p class="hint">{t('doubleHint')}</p>
      <ErrorLine error={loaded.error} />
      {loaded.data && pairs.length === 0 && <p>{t('doubleNone')}</p>}
      {pairs.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="double-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('tracePerson')}</th><th scope="col">{t('kindPlace')}</th>
                <th scope="col">{t('doubleFirst')}</th><th scope="col">{t('doubleSecond')}</th><th scope="col">{t('doubleApart')}</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((d) => (
                <tr key={d.id} data-double={d.id}>
                  <th scope="row">{d.person ?? '—'}</th>
                  <td>{d.areaNames.at(-1)} / {d.placeName}</td>
                  <td>{d.first.local} · {d.first.checkpointName}</td>
                  <td>{d.second.local} · {d.second.checkpointName}</td>
                  <td>{d.minutesApart}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {loaded.data?.truncated && <p class="hint">{t('doubleTruncated')}</p>}
        </div>
      )}
    </section>
  );
}
