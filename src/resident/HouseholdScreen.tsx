/** Travel and requests (/household): for one person of the household at a time, their recent travel and 困难诉求, and the household's requests. */
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { chosenPerson, PersonPicker } from './PersonPicker.tsx';
import { RegisterFirst } from './RegisterFirst.tsx';
import { RequestsSection } from './RequestsSection.tsx';
import { ResidentNav } from './ResidentNav.tsx';
import { SupersededNotice } from './SupersededNotice.tsx';
import { TravelSection } from './TravelSection.tsx';
import { usePhone } from './usePhone.ts';

export function HouseholdScreen() {
  const t = useT();
  const phone = usePhone();
  const { credential, household, refresh } = phone;
  const [chosen, setChosen] = useState<string | null>(null);
  const persons = household?.persons ?? [];
  const person = chosenPerson(persons, chosen);

  // A request's status changes on the lead's side: the page asks again when it opens or comes back into view.
  useEffect(() => {
    if (!credential) return;
    const again = () => { if (document.visibilityState === 'visible') void refresh(); };
    again();
    document.addEventListener('visibilitychange', again);
    return () => document.removeEventListener('visibilitychange', again);
  }, [credential, refresh]);

  const head = <header class="page-head"><h1>{t('navTravel')}</h1><LanguageButton /><ResidentNav /></header>;
  if (!phone.loaded) return <main class="page household-screen">{head}</main>;
  if (phone.superseded) return <main class="page household-screen">{head}<SupersededNotice phone={phone} /></main>;
  if (!person || !credential || !household) return <main class="page household-screen">{head}<RegisterFirst /></main>;
  const kept = async () => { await refresh(); };
  const trips = household.trips.find((trip) => trip.personId === person.id)?.trips ?? [];
  return (
    <main class="page household-screen">
      {head}
      <PersonPicker persons={persons} chosen={person.id} onChoose={setChosen} />
      {/* One form per person, started from what the phone holds (the household is read from IndexedDB before this draws). */}
      <TravelSection key={person.id} credential={credential} person={person} saved={trips} onSaved={phone.adopt} />
      <RequestsSection credential={credential} person={person} persons={persons} requests={household.requests} onSent={kept} />
    </main>
  );
}
