/** How many are inside each place now, all its gates together, fullest first; a lead or hq corrects a count with a reason. */
import { useState } from 'preact/hooks';
import type { PlaceCounts } from '../core/consolePlaces.ts';
import type { Me } from '../core/consoleWire.ts';
import type { PlaceCount } from '../core/placeCount.ts';
import { hasRight } from '../core/roles.ts';
import { formatFullDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, networkError, post } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { PosterSwitch } from './PosterSwitch.tsx';
import { useLoad } from './useLoad.ts';

/** A city has thousands of places: the fullest are the ones to look at; the rest are a count. */
const SHOWN = 20;

/** Fullest first: by share of capacity where there is one, then by how many are inside. */
const fullness = (c: PlaceCount): number => (c.capacity ? c.inside / c.capacity : 0);
const byFullness = (a: PlaceCount, b: PlaceCount): number => fullness(b) - fullness(a) || b.inside - a.inside;

function Correction({ count, onDone }: { count: PlaceCount; onDone: () => void }) {
  const t = useT();
  const [inside, setInside] = useState(String(count.inside));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ConsoleError | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    try {
      await post(`/console/places/${encodeURIComponent(count.placeId)}/count`, { inside: Number(inside), reason });
      onDone();
    } catch (failure) {
      setError(failure instanceof ConsoleError ? failure : networkError());
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="count-correction" onSubmit={(e) => void save(e)} data-correcting={count.placeId}>
      <label>{t('countNow')}
        <input name="inside" type="number" inputMode="numeric" min="0" max="1000000" required value={inside} onInput={(e) => setInside(e.currentTarget.value)} />
      </label>
      <label>{t('countReason')}
        <input name="reason" required minLength={2} maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button class="primary" type="submit" disabled={saving}>{t('save')}</button>
      <ErrorLine error={error} />
    </form>
  );
}

/** The places of the area `areaId` (null: the user's whole subtree), or the one place `placeId` of it. */
export function PlaceCountsPanel({ me, areaId, placeId }: { me: Me; areaId: string | null; placeId?: string }) {
  const t = useT();
  const loaded = useLoad<PlaceCounts>(`/console/places/counts${areaId ? `?area=${encodeURIComponent(areaId)}` : ''}`);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const posters = useLoad<{ withdrawn: string[] }>(`/console/places/posters${areaId ? `?area=${encodeURIComponent(areaId)}` : ''}`);
  const places = (loaded.data?.places ?? []).filter((c) => placeId === undefined || c.placeId === placeId).sort(byFullness);
  if (loaded.data && places.length === 0) return null;
  const mayCorrect = hasRight(me.user.role, 'policy.write');
  return (
    <div class="table-scroll place-counts" tabIndex={0} role="region" aria-labelledby="counts-title">
      <table>
        <caption id="counts-title">{t('countsTitle')}{places.length > SHOWN ? ` · ${t('countsFullest').replace('{n}', String(SHOWN)).replace('{all}', String(places.length))}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">{t('kindPlace')}</th><th scope="col">{t('countInside')}</th><th scope="col">{t('countGates')}</th>
            <th scope="col">{t('countSince')}</th>{mayCorrect && <th scope="col"><span class="sr-only">{t('countCorrect')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {places.slice(0, SHOWN).map((c) => (
            <tr key={c.placeId} data-place-count={c.placeId} data-inside={c.inside} class={c.capacity !== null && c.inside >= c.capacity ? 'full' : undefined}>
              <th scope="row">{c.placeName}</th>
              <td>{c.inside}{c.capacity !== null && ` / ${c.capacity}`}</td>
              <td>{c.gates}</td>
              <td>{c.since ? formatFullDateTime(c.since, t.language) : t('countSinceStart')}</td>
              {mayCorrect && (
                <td>
                  {correcting === c.placeId
                    ? <Correction count={c} onDone={() => { setCorrecting(null); loaded.reload(); }} />
                    : <button class="secondary" onClick={() => setCorrecting(c.placeId)}>{t('countCorrect')}</button>}
                  {' '}<PosterSwitch placeId={c.placeId} withdrawn={posters.data?.withdrawn.includes(c.placeId) ?? false} onDone={posters.reload} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorLine error={loaded.error} />
    </div>
  );
}
