/** The resident's daily check-in (每日打卡) and their health code, which stays on the phone for offline showing. */
import { useState } from 'preact/hooks';
import { parseIdNumber } from '../core/idNumber.ts';
import { checkIn, currentHealthCode, type CallError, type IssuedHealthCode } from '../sync/api.ts';
import { HealthCodeCard } from './HealthCodeCard.tsx';
import { useT } from '../ui/i18n.ts';
import { IdNumberInput, Required } from '../ui/IdNumberInput.tsx';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { loadHeldCode, loadRegistration, saveHeldCode, type HeldHealthCode } from './residentStore.ts';

const errorKey = (e: CallError) => (e.kind === 'server' ? e.error : 'sync-offline');

export function HealthScreen() {
  const t = useT();
  const registered = loadRegistration();
  const [held, setHeld] = useState<HeldHealthCode | null>(loadHeldCode);
  // No temperature is filled in for the resident: a check-in must carry one they measured.
  const [form, setForm] = useState({ id: registered?.id ?? '', name: registered?.name ?? '', temperature: '', isolated: false, symptoms: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const keep = (issued: IssuedHealthCode, id: string, name: string) => {
    const next = { code: issued.code, colour: issued.colour, issuedAt: issued.issuedAt, expires: issued.expires, id, name };
    saveHeldCode(next);
    setHeld(next);
  };

  const submit = async (withCheckIn: boolean) => {
    const parsed = parseIdNumber(form.id);
    if (!parsed.ok) return setError(parsed.error);
    const name = form.name.trim();
    if (!name) return setError('name-missing');
    const temperature = Number(form.temperature);
    if (withCheckIn && form.temperature.trim() === '') return setError('temperature-missing');
    if (withCheckIn && !(temperature >= 34 && temperature <= 43)) return setError('temperature-invalid');
    setBusy(true);
    setError(null);
    const id = parsed.value.id;
    const reply = withCheckIn
      ? await checkIn({ id, name, temperature, isolated: form.isolated, symptoms: form.symptoms })
      : await currentHealthCode({ id, name });
    setBusy(false);
    if (reply.ok) keep(reply.value, id, name);
    else setError(errorKey(reply.error));
  };

  return (
    <main class="page health-screen">
      <header class="page-head"><h1>{t('myHealthCode')}</h1><LanguageButton /></header>
      {held ? <HealthCodeCard held={held} /> : <p class="health-none" data-health="none">{t('noHealthCodeYet')}</p>}
      <h2 id="check-in">{t('dailyCheckIn')}</h2>
      <form onSubmit={(e) => { e.preventDefault(); void submit(true); }}>
        <label>{t('name')} <Required />
          <input name="name" value={form.name} maxLength={64} required onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </label>
        <IdNumberInput value={form.id} onInput={(id) => setForm({ ...form, id })} />
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
