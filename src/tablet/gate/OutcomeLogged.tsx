/** "已记录处置：劝返 · 第12条": a few seconds' word that the outcome the volunteer tapped is in the log. */
import type { StoredEntry } from '../../store/db.ts';
import { useT } from '../../ui/i18n.ts';
import { useTimeout } from '../../ui/useTimeout.ts';

const SHOW_MS = 4000;

export function OutcomeLogged({ entry, onGone }: { entry: StoredEntry; onGone: () => void }) {
  const t = useT();
  useTimeout(onGone, SHOW_MS, entry);
  if (!entry.followUp) return null;
  return (
    <p class="outcome-logged" role="status" data-outcome={entry.followUp.outcome} data-seq={entry.seq} data-of={entry.followUp.of}>
      ✓ {t('outcomeLogged')}：{t(`outcome-${entry.followUp.outcome}`)} · {t('entryNumber').replace('{n}', String(entry.seq))}
    </p>
  );
}
