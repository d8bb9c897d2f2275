/**
 * The arrival form (入市登记): who, from where, when and how, to which community, and the health questions. Every field
 * the server would refuse is named here first, next to the button; a refusal from the server is shown by its words.
 */
import { useState } from 'preact/hooks';
import { ARRIVAL_MEANS, HEALTH_QUESTIONS, PROVINCES, type ArrivalMeans, type Province } from '../core/arrivalRules.ts';
import type { ArrivalReceipt, ArrivalRequest, HealthAnswers } from '../core/arrivalWire.ts';
import { calendarDay } from '../core/calendar.ts';
import { parseIdNumber } from '../core/idNumber.ts';
import type { Community } from '../core/residentWire.ts';
import { sendArrival } from '../sync/arrivalApi.ts';
import { errorKey } from '../sync/residentApi.ts';
import { useT } from '../ui/i18n.ts';
import { IdNumberInput, Required } from '../ui/IdNumberInput.tsx';
import { CommunityPicker } from './CommunityPicker.tsx';

interface Draft {
  name: string; id: string; phone: string; province: Province | ''; city: string; day: string; means: ArrivalMeans; meansDetail: string;
  community: Community | null; address: string; health: HealthAnswers;
}

const PHONE = /^[0-9+\- ]{5,32}$/;
const today = (): string => calendarDay(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
const noHealthIssues = (): HealthAnswers => ({ fever: false, cough: false, breath: false, contact: false });
const emptyDraft = (): Draft => ({
  name: '', id: '', phone: '', province: '', city: '', day: today(), means: 'train', meansDetail: '', community: null, address: '', health: noHealthIssues(),
});

/** The request, or the catalogue key of the first thing missing or wrong. */
function requestOf(form: Draft): ArrivalRequest | string {
  const parsed = parseIdNumber(form.id);
  if (!form.name.trim()) return 'name-missing';
  if (!parsed.ok) return parsed.error;
  if (!PHONE.test(form.phone.trim())) return 'arrive-phone-missing';
  if (form.province === '') return 'arrive-province-missing';
  if (!form.city.trim()) return 'arrive-city-missing';
  if (!form.day) return 'arrive-day-missing';
  if (!form.community) return 'arrive-community-missing';
  if (!form.address.trim()) return 'arrive-address-missing';
  return {
    name: form.name.trim(), id: parsed.value.id, phone: form.phone.trim(), fromProvince: form.province, fromCity: form.city.trim(), arrivalDay: form.day,
    means: form.means, ...(form.meansDetail.trim() && { meansDetail: form.meansDetail.trim() }), areaId: form.community.id, address: form.address.trim(),
    health: form.health,
  };
}

export function ArrivalForm({ onDone }: { onDone: (receipt: ArrivalReceipt) => void }) {
  const t = useT();
  const [form, setForm] = useState<Draft>(emptyDraft);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const request = requestOf(form);
    if (typeof request === 'string') return setError(request);
    setBusy(true);
    setError(null);
    const answer = await sendArrival(request);
    setBusy(false);
    if (!answer.ok) return setError(errorKey(answer.error));
    setForm(emptyDraft());
    onDone(answer.value);
  };

  return (
    <form class="arrival-form" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <fieldset>
        <legend>{t('arriveWho')}</legend>
        <label>{t('name')} <Required />
          <input name="name" required maxLength={64} autocomplete="name" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </label>
        <IdNumberInput value={form.id} onInput={(id) => setForm({ ...form, id })} />
        <label>{t('phone')} <Required />
          <input name="phone" type="tel" inputMode="tel" required maxLength={32} autocomplete="tel" value={form.phone} onInput={(e) => setForm({ ...form, phone: e.currentTarget.value })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('arriveFrom')}</legend>
        <label>{t('arriveProvince')} <Required />
          <select name="province" required value={form.province} onChange={(e) => setForm({ ...form, province: e.currentTarget.value as Province | '' })}>
            <option value="">{t('arriveProvinceChoose')}</option>
            {PROVINCES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label>{t('arriveCity')} <Required />
          <input name="city" required maxLength={32} value={form.city} onInput={(e) => setForm({ ...form, city: e.currentTarget.value })} />
        </label>
        <label>{t('arriveDay')} <Required />
          <input name="arrivalDay" type="date" required value={form.day} onInput={(e) => setForm({ ...form, day: e.currentTarget.value })} />
        </label>
        <div class="field" role="radiogroup" aria-labelledby="means-label">
          <p class="field-label" id="means-label">{t('arriveMeans')}</p>
          <div class="means">
            {ARRIVAL_MEANS.map((m) => (
              <label key={m} class="check"><input type="radio" name="means" value={m} checked={form.means === m} onChange={() => setForm({ ...form, means: m })} /> {t(`means-${m}`)}</label>
            ))}
          </div>
        </div>
        <label>{t('arriveMeansDetail')}
          <input name="meansDetail" maxLength={32} value={form.meansDetail} onInput={(e) => setForm({ ...form, meansDetail: e.currentTarget.value })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('arriveTo')}</legend>
        <CommunityPicker credential={null} chosen={form.community} onChoose={(community) => setForm({ ...form, community })} />
        <label>{t('arriveAddress')} <Required />
          <input name="address" required maxLength={200} autocomplete="street-address" value={form.address} onInput={(e) => setForm({ ...form, address: e.currentTarget.value })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('arriveHealth')}</legend>
        {HEALTH_QUESTIONS.map((q) => (
          <label key={q} class="check"><input type="checkbox" name={`health-${q}`} checked={form.health[q]}
            onChange={(e) => setForm({ ...form, health: { ...form.health, [q]: e.currentTarget.checked } })} /> {t(`health-${q}`)}</label>
        ))}
      </fieldset>
      {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
      <div class="actions">
        <button class="big primary" type="submit" disabled={busy}>{busy ? t('arriveSending') : t('arriveSend')}</button>
      </div>
    </form>
  );
}
