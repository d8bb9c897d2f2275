/** The last few verdicts, all a volunteer without the PIN sees of the log: when, which way, what verdict; never who (sealed). */
import { recentEntries } from '../../store/log.ts';
import { useT } from '../../ui/i18n.ts';
import { useLive } from '../../ui/useLive.ts';

const SHOWN = 5;

export function RecentVerdicts({ deviceId }: { deviceId: string }) {
  const t = useT();
  const recent = useLive(
    () => recentEntries(deviceId, SHOWN),
    [deviceId],
    [],
  );
  if (recent.length === 0) return null;
  return (
    <ol class="recent" aria-label={t('recent')}>
      {recent.map((e) => (
        <li key={e.seq} class={`recent-${e.verdict}`} data-seq={e.seq}>
          <span>{new Date(e.at).toLocaleTimeString()}</span> <b>{t(e.verdict)}</b> {t(e.direction)}
        </li>
      ))}
    </ol>
  );
}
