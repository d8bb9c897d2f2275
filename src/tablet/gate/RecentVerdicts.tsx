/** The last few verdicts, all a volunteer without the PIN sees of the log: when, which way, what verdict; never who (sealed). */
import { recentEntries } from '../../store/log.ts';
import { formatTime } from '../../ui/dates.ts';
import { useT } from '../../ui/i18n.ts';
import { useLive } from '../../ui/useLive.ts';

const SHOWN = 5;
/** The verdict's shape beside its word, as on the full-screen verdict. */
const SHAPE = { pass: '✓', stop: '✕', check: '?' } as const;

export function RecentVerdicts({ deviceId }: { deviceId: string }) {
  const t = useT();
  const recent = useLive(
    () => recentEntries(deviceId, SHOWN),
    [deviceId],
    [],
  );
  if (recent.length === 0) return null;
  return (
    <section class="recent" aria-label={t('recent')}>
      <h2>{t('recent')}</h2>
      <ol>
        {recent.map((e) => (
          <li key={e.seq} class={`recent-${e.verdict}`} data-seq={e.seq}>
            <span class="recent-time">{formatTime(e.at, t.language)}</span>
            <b class={`badge badge-${e.verdict}`}><span aria-hidden="true">{SHAPE[e.verdict]}</span> {t(e.verdict)}</b>
            <span>{t(e.direction)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
