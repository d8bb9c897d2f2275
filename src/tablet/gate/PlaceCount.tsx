/** "场内 812 / 1000": how many are inside the place, all its gates together, with how fresh the count is. */
import { PLACE_COUNT_STALE_MS } from '../../core/placeCount.ts';
import type { Policy } from '../../core/policy.ts';
import { placeInsideNow } from '../../store/placeTally.ts';
import { formatAge } from '../../ui/dates.ts';
import { useT } from '../../ui/i18n.ts';
import { useClock } from '../../ui/useClock.ts';
import { useLive } from '../../ui/useLive.ts';

/** Shown on the gate's bar; once the server's count is older than a few minutes, says the count is the tablet's own. */
export function PlaceCount({ policy }: { policy: Policy }) {
  const t = useT();
  const now = useClock(30_000).getTime();
  const live = useLive(placeInsideNow, [], null);
  if (!live) return null;
  const { tally, inside } = live;
  const heardMs = tally.heardAt ? Date.parse(tally.heardAt) : null;
  const ageMs = heardMs === null ? null : Math.max(0, now - heardMs);
  const local = ageMs === null || ageMs > PLACE_COUNT_STALE_MS;
  const full = policy.capacity !== null && inside >= policy.capacity;
  const gates = tally.server?.gates ?? 1;
  return (
    <div class={`place-count${full ? ' full' : ''}${local ? ' local' : ''}`} data-inside={inside} data-local={String(local)} role="status">
      <b>{t('placeInside')} {inside}{policy.capacity !== null && ` / ${policy.capacity}`}</b>
      {gates > 1 && <span> {t('placeGates').replace('{n}', String(gates))}</span>}
      {ageMs !== null && <span> · {formatAge(ageMs, t.language)}</span>}
      {local && <span class="place-local"> ⚠ {t('placeCountLocal')}</span>}
    </div>
  );
}
