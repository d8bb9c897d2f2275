/** The residents of the area as a table, the ones to call on first (fever, isolation, missed check-ins, open requests, trips); it stacks into cards on a phone. */
import type { ResidentRow } from '../core/residentWire.ts';
import { useT, type Translate } from '../ui/i18n.ts';

/** How urgently a row asks for a call: fever outweighs isolation outweighs the rest; more missed days rank higher. */
const urgency = (r: ResidentRow): number =>
  (r.fever ? 16 : 0) + (r.isolated ? 8 : 0) + (r.missedDays > 0 ? 4 : 0) + (r.openRequests > 0 ? 2 : 0) + (r.tripsLast14Days > 0 ? 1 : 0);

export const byUrgency = (a: ResidentRow, b: ResidentRow): number =>
  urgency(b) - urgency(a) || b.missedDays - a.missedDays || b.openRequests - a.openRequests || a.name.localeCompare(b.name, 'zh');

function flagsOf(r: ResidentRow, t: Translate): Array<[string, string, 'stop' | 'check']> {
  const n = (word: string, count: number) => word.replace('{n}', String(count));
  const flags: Array<[string, string, 'stop' | 'check']> = [];
  if (r.fever) flags.push(['fever', t('flagFever'), 'stop']);
  if (r.isolated) flags.push(['isolated', t('flagIsolated'), 'stop']);
  if (r.missedDays > 0) flags.push(['missed', n(t('flagMissed'), r.missedDays), 'check']);
  if (r.openRequests > 0) flags.push(['requests', n(t('flagRequests'), r.openRequests), 'check']);
  if (r.tripsLast14Days > 0) flags.push(['trips', n(t('flagTrips'), r.tripsLast14Days), 'check']);
  return flags;
}

export function ResidentsTable({ rows }: { rows: readonly ResidentRow[] }) {
  const t = useT();
  // Persons of one phone are one household: numbered in the order they first appear, so a lead sees who lives together.
  const households = new Map<string, number>();
  for (const r of rows) if (!households.has(r.phoneId)) households.set(r.phoneId, households.size + 1);
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="residents-caption">
      <table class="residents-table">
        <caption id="residents-caption">{t('residentsTitle')} · {rows.length} {t('residentsCount')}</caption>
        <thead>
          <tr><th scope="col">{t('colResident')}</th><th scope="col">{t('colColour')}</th><th scope="col">{t('colFlags')}</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const flags = flagsOf(r, t);
            return (
              <tr key={`${r.phoneId}:${r.personId}`} data-resident={r.personId} data-flagged={String(flags.length > 0)}>
                <th scope="row">
                  <span class="resident-name">{r.name}</span> <span class="kind">{t.any(`relation-${r.relation}`)} · {t('householdNo')} {households.get(r.phoneId)}</span>
                  <span class="resident-sub">{r.personId} · {r.areaNames.at(-1) ?? ''}</span>
                </th>
                <td data-colour={r.colour ?? 'none'}>
                  {r.colour ? <span class={`tag-colour colour-${r.colour}`}>{t.any(`seen-${r.colour}`)}</span> : <span class="kind">{t('noColourYet')}</span>}
                </td>
                <td class="flags">
                  {flags.length === 0 ? <span class="kind">{t('flagNothing')}</span>
                    : flags.map(([key, words, tone]) => <span key={key} class={`tag tone-${tone}`} data-flag={key}>{words}</span>)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
