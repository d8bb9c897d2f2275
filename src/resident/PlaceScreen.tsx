/**
 * Self check-in at a place's poster (/p/<placeId>, 扫码登记, issue #20): the place's name, who passes (a person of the
 * household on this phone, or the short form), and two big buttons 进 and 出. A tap is kept on the phone first and sent
 * when it can be; the page says which.
 */
import { useEffect, useState } from 'preact/hooks';
import { calendarDay } from '../core/calendar.ts';
import { parseIdNumber } from '../core/idNumber.ts';
import type { Direction } from '../core/entry.ts';
import { posterPlaceOf } from '../core/posterPath.ts';
import { keepPlaceName, keepVisitor, loadPlaceName, loadVisitor, type KeptPassage } from '../store/selfPassages.ts';
import { fetchPosterInfo } from '../sync/selfPassages.ts';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { PassageList } from './PassageList.tsx';
import { ShortForm, type ShortFormValue } from './ShortForm.tsx';
import { usePhone } from './usePhone.ts';
import { useSelfPassages } from './useSelfPassages.ts';

/** The place as the page knows it: loading, open (named, or not yet named offline), or refused by the server. */
type Poster = { state: 'loading' } | { state: 'open'; name: string | null } | { state: 'closed'; error: string };

const FORM = 'form';

function usePoster(placeId: string): Poster {
  const [poster, setPoster] = useState<Poster>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    void (async () => {
      const kept = await loadPlaceName(placeId);
      if (current && kept) setPoster({ state: 'open', name: kept });
      const answer = await fetchPosterInfo(placeId);
      if (!current) return;
      if (answer.ok) {
        await keepPlaceName(placeId, answer.value.placeName);
        setPoster({ state: 'open', name: answer.value.placeName });
      } else if (answer.error.kind === 'server' && (answer.error.status === 410 || answer.error.status === 404)) {
        setPoster({ state: 'closed', error: answer.error.error });
      } else setPoster({ state: 'open', name: kept });
    })();
    return () => { current = false; };
  }, [placeId]);
  return poster;
}

export function PlaceScreen() {
  const t = useT();
  const placeId = posterPlaceOf(window.location.pathname) ?? '';
  const phone = usePhone();
  const poster = usePoster(placeId);
  const { passages, sending, tap } = useSelfPassages(phone.credential, phone.loaded);
  // A superseded credential would be refused: its persons are not offered, the form is (as on a phone with none).
  const persons = phone.credential && !phone.superseded ? phone.household?.persons ?? [] : [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [form, setForm] = useState<ShortFormValue>({ name: '', id: '', phone: '' });
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => { void loadVisitor().then((kept) => { if (kept) setForm((now) => (now.name || now.id || now.phone ? now : kept)); }); }, []);
  const who = chosen ?? persons[0]?.id ?? FORM;
  const here = passages.filter((p) => p.placeId === placeId);
  const withdrawn = poster.state === 'closed' ? poster.error : here.find((p) => p.error === 'place-withdrawn') ? 'place-withdrawn' : null;

  const pass = async (direction: Direction) => {
    setProblem(null);
    const base = { clientId: crypto.randomUUID(), placeId, direction, at: new Date().toISOString(), state: 'waiting' as const, answeredAt: null, outcome: null, reasons: [], error: null };
    let passage: KeptPassage;
    const person = persons.find((p) => p.id === who);
    if (person) passage = { ...base, who: person.name, person: { id: person.id, household: true } };
    else {
      const name = form.name.trim(), number = form.phone.trim();
      const id = parseIdNumber(form.id.trim(), calendarDay(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone));
      if (!id.ok) return setProblem(id.error);
      if (name === '' || !/^\+?[0-9][0-9 -]{4,19}$/.test(number)) return setProblem('self-passage-form');
      passage = { ...base, who: name, person: { id: id.value.id, household: false, name, phone: number } };
      await keepVisitor({ name, id: id.value.id, phone: number });
    }
    await tap(passage);
  };

  const head = (
    <header class="page-head">
      <h1>{t('placeCheckIn')}</h1>
      <LanguageButton />
    </header>
  );
  if (withdrawn) {
    return <main class="page place-screen">{head}<p class="place-closed" role="alert" data-error={withdrawn}>{t.any(withdrawn)}</p></main>;
  }
  const waiting = here.filter((p) => p.state === 'waiting').length;
  return (
    <main class="page place-screen">
      {head}
      <h2 class="place-name" data-place={placeId}>
        {poster.state === 'open' && poster.name ? poster.name : poster.state === 'loading' ? t('placeLoading') : t('placeOfflineName')}
      </h2>
      <div class="field" role="radiogroup" aria-label={t('placeWho')}>
        {persons.map((p) => (
          <label key={p.id} class="choice">
            <input type="radio" name="who" value={p.id} checked={who === p.id} onChange={() => setChosen(p.id)} /> {p.name}
          </label>
        ))}
        {persons.length > 0 && (
          <label class="choice"><input type="radio" name="who" value={FORM} checked={who === FORM} onChange={() => setChosen(FORM)} /> {t('placeOtherPerson')}</label>
        )}
      </div>
      {who === FORM && <ShortForm value={form} onChange={setForm} />}
      <div class="passage-buttons">
        <button type="button" class="primary big" data-direction="in" onClick={() => void pass('in')}>{t('placeIn')}</button>
        <button type="button" class="primary big" data-direction="out" onClick={() => void pass('out')}>{t('placeOut')}</button>
      </div>
      {problem && <p class="error" role="alert">{t.any(problem)}</p>}
      <p class="place-status" aria-live="polite" data-waiting={waiting}>
        {sending && waiting > 0 ? t('placeSending') : waiting > 0 ? `${t('placeSaved')} · ${waiting} ${t('placeWaiting')}` : ''}
      </p>
      <PassageList passages={here} />
    </main>
  );
}
