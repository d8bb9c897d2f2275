/** A person's recent travel (近期出行): places and dates, up to 20, saved whole to the server for their community to see. */
import { useState } from 'preact/hooks';
import { isCalendarDay } from '../core/calendar.ts';
import type { Household, HouseholdPerson, PhoneCredential, Trip } from '../core/residentWire.ts';
import { errorKey, saveTravel } from '../sync/residentApi.ts';
import { useT } from '../ui/i18n.ts';

const MAX_TRIPS = 20;

/** Why the trips cannot be sent, or null. */
function problemOf(trips: readonly Trip[]): string | null {
  if (trips.length > MAX_TRIPS) return 'travel-too-many';
  if (trips.some((trip) => trip.place.trim() === '')) return 'travel-place-missing';
  if (trips.some((trip) => !isCalendarDay(trip.from) || !isCalendarDay(trip.to) || trip.to < trip.from)) return 'travel-dates';
  return null;
}

export function TravelSection({ credential, person, saved, onSaved }: {
  credential: PhoneCredential;
  person: HouseholdPerson;
  saved: readonly Trip[];
  onSaved: (household: Household) => Promise<void>;
}) {
  const t = useT();
  const [trips, setTrips] = useState<Trip[]>(() => saved.map((trip) => ({ ...trip })));
  const [said, setSaid] = useState<{ error: string } | 'saved' | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (i: number, part: Partial<Trip>) => { setTrips(trips.map((trip, j) => (j === i ? { ...trip, ...part } : trip))); setSaid(null); };

  const save = async () => {
    const problem = problemOf(trips);
    if (problem) return setSaid({ error: problem });
    setBusy(true);
    const answer = await saveTravel(credential, { id: person.id, trips: trips.map((trip) => ({ ...trip, place: trip.place.trim() })) });
    setBusy(false);
    if (!answer.ok) return setSaid({ error: errorKey(answer.error) });
    setSaid('saved');
    await onSaved(answer.value);
  };

  return (
    <section class="travel" aria-labelledby="travel-title">
      <h2 id="travel-title">{t('travelTitle')} · {person.name}</h2>
      <p class="hint">{t('travelHint')}</p>
      {trips.length === 0 && <p data-trips="none">{t('travelNone')}</p>}
      <ol class="trips">
        {trips.map((trip, i) => (
          <li key={i} class="trip" data-trip={i}>
            <label>{t('travelPlace')}
              <input name="place" maxLength={100} value={trip.place} onInput={(e) => change(i, { place: e.currentTarget.value })} />
            </label>
            <div class="trip-dates">
              <label>{t('travelFrom')}<input name="from" type="date" value={trip.from} onInput={(e) => change(i, { from: e.currentTarget.value })} /></label>
              <label>{t('travelTo')}<input name="to" type="date" value={trip.to} onInput={(e) => change(i, { to: e.currentTarget.value })} /></label>
            </div>
            <button type="button" class="secondary" onClick={() => { setTrips(trips.filter((_, j) => j !== i)); setSaid(null); }}>{t('travelRemove')}</button>
          </li>
        ))}
      </ol>
      {said && said !== 'saved' && <p class="error" role="alert" data-error={said.error}>{t.any(said.error)}</p>}
      {said === 'saved' && <p class="ok" role="status">{t('travelSaved')}</p>}
      <div class="actions">
        {trips.length < MAX_TRIPS && (
          <button type="button" class="big secondary" onClick={() => { setTrips([...trips, { place: '', from: '', to: '' }]); setSaid(null); }}>{t('travelAdd')}</button>
        )}
        <button type="button" class="big primary" disabled={busy} onClick={() => void save()}>{t('travelSave')}</button>
      </div>
    </section>
  );
}
