/**
 * The household's daily check-in (每日打卡) and health codes (/health): pick a person, check in or get the code; each
 * code stays on the phone for offline showing, and is refreshed while online so a colour that worsened replaces it.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { HouseholdPerson } from '../core/residentWire.ts';
import { checkIn, currentHealthCode, errorKey, type IssuedHealthCode } from '../sync/residentApi.ts';
import { useT } from '../ui/i18n.ts';
import { Required } from '../ui/IdNumberInput.tsx';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { HealthCodeCard } from './HealthCodeCard.tsx';
import { chosenPerson, PersonPicker } from './PersonPicker.tsx';
import { RegisterFirst } from './RegisterFirst.tsx';
import { ResidentNav } from './ResidentNav.tsx';
import { SupersededNotice } from './SupersededNotice.tsx';
import { usePhone } from './usePhone.ts';

/** How often the codes are asked for again while the page is in view: a revoked green must not stay on screen long. */
const REFRESH_MS = 3 * 60_000;

const blankForm = { temperature: '', isolated: false, symptoms: false };

export function HealthScreen() {
  const t = useT();
  const phone = usePhone();
  const { credential, household, refresh, keepHealthCode } = phone;
  const persons = household?.persons ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const person = chosenPerson(persons, chosen);
  // No temperature is filled in for the resident: a check-in must carry one they measured.
  const [form, setForm] = useState(blankForm);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const keep = useCallback((issued: IssuedHealthCode, p: HouseholdPerson) =>
    keepHealthCode({ code: issued.code, colour: issued.colour, issuedAt: issued.issuedAt, expires: issued.expires, id: p.id, name: p.name, birthDate: p.birthDate }),
  [keepHealthCode]);

  // On open, when the page comes back into view, and every few minutes: the household, then each person's code.
  const refreshAll = useCallback(async () => {
    if (!credential || document.visibilityState !== 'visible') return;
    const now = await refresh();
    if (!now?.ok) return; // offline: the held codes stay as they are
    for (const p of now.value.persons) {
      if (p.lastCheckIn === null) continue;
      const answer = await currentHealthCode(credential, p.id);
      if (answer.ok) await keep(answer.value, p);
    }
  }, [credential, refresh, keep]);
  useEffect(() => {
    void refreshAll();
    const timer = setInterval(() => void refreshAll(), REFRESH_MS);
    const onVisible = () => void refreshAll();
    document.addEventListener('visibilitychange', onVisible);
    return () => { clearInterval(timer); document.removeEventListener('visibilitychange', onVisible); };
  }, [refreshAll]);

  const submit = async (withCheckIn: boolean) => {
    if (!credential || !person) return;
    const temperature = Number(form.temperature);
    if (withCheckIn && form.temperature.trim() === '') return setError('temperature-missing');
    if (withCheckIn && !(temperature >= 34 && temperature <= 43)) return setError('temperature-invalid');
    setBusy(true);
    setError(null);
    const answer = withCheckIn
      ? await checkIn(credential, { id: person.id, temperature, isolated: form.isolated, symptoms: form.symptoms })
      : await currentHealthCode(credential, person.id);
    setBusy(false);
    if (!answer.ok) return setError(errorKey(answer.error));
    await keep(answer.value, person);
    if (withCheckIn) setForm(blankForm);
    // The colour's reasons come with the household.
    void refresh();
  };

  const head = <header class="page-head"><h1>{t('myHealthCode')}</h1><LanguageButton /><ResidentNav /></header>;
  if (!phone.loaded) return <main class="page health-screen">{head}</main>;
  // No held code on screen: a gate must not be shown one the person believes is good.
  if (phone.superseded) return <main class="page health-screen">{head}<SupersededNotice phone={phone} /></main>;
  if (!person) return <main class="page health-screen">{head}<RegisterFirst /></main>;
  const held = phone.healthCodes[person.id];
  return (
    <main class="page health-screen">
      {head}
      <PersonPicker persons={persons} chosen={person.id} onChoose={(id) => { setChosen(id); setError(null); }} />
      {held ? <HealthCodeCard held={held} reasons={person.colour === held.colour ? person.reasons : []} />
        : <p class="health-none" data-health="none">{t('noHealthCodeYet')}</p>}
      <p class="hint">{t('codesRefreshing')}</p>
      <h2 id="check-in">{t('dailyCheckIn')} · {person.name}</h2>
      <form aria-labelledby="check-in" onSubmit={(e) => { e.preventDefault(); void submit(true); }}>
        <label>{t('temperature')} <Required />
          <input name="temperature" type="number" inputMode="decimal" step="0.1" min="34" max="43" placeholder={t('measureFirst')}
            value={form.temperature} onInput={(e) => setForm({ ...form, temperature: e.currentTarget.value })} />
        </label>
        <label class="check"><input name="isolated" type="checkbox" checked={form.isolated} onChange={(e) => setForm({ ...form, isolated: e.currentTarget.checked })} /> {t('isolated')}</label>
        <label class="check"><input name="symptoms" type="checkbox" checked={form.symptoms} onChange={(e) => setForm({ ...form, symptoms: e.currentTarget.checked })} /> {t('symptoms')}</label>
        {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
        <div class="actions">
          <button class="big primary" type="submit" disabled={busy}>{t('checkInNow')}</button>
          <button class="big secondary" type="button" disabled={busy} onClick={() => void submit(false)}>{t('getMyCode')}</button>
        </div>
      </form>
    </main>
  );
}
