/**
 * Registers one person on this phone (居民信息填报): to the server, which answers the household (and the phone's
 * credential the first time); the resident code is then made on the phone as before. An ID number another phone holds
 * is explained, with a field for the lead's re-binding code.
 */
import { useState } from 'preact/hooks';
import { parseIdNumber } from '../core/idNumber.ts';
import { encodeResidentCode } from '../core/residentCode.ts';
import { REBIND_CODE_PATTERN, RELATIONS, type Community, type Relation, type RegisterRequest } from '../core/residentWire.ts';
import { errorKey, registerPerson } from '../sync/residentApi.ts';
import { useT } from '../ui/i18n.ts';
import { IdNumberInput, Required } from '../ui/IdNumberInput.tsx';
import { CommunityPicker } from './CommunityPicker.tsx';
import { makePasskey, passkeysAvailable } from './passkey.ts';
import type { Phone } from './usePhone.ts';

/** What the form starts with: empty for a new person, the person's details to update them. */
export interface Draft { id: string; name: string; relation: Relation; phone: string; address: string; community: Community | null }

export const emptyDraft = (relation: Relation): Draft => ({ id: '', name: '', relation, phone: '', address: '', community: null });

const REBIND = new RegExp(REBIND_CODE_PATTERN);

export function RegisterForm({ phone, initial, onDone, onCancel }: { phone: Phone; initial: Draft; onDone: (id: string) => void; onCancel?: () => void }) {
  const t = useT();
  const [form, setForm] = useState<Draft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [claimed, setClaimed] = useState(false);
  const [rebindCode, setRebindCode] = useState('');
  const [busy, setBusy] = useState(false);
  const hasSelf = phone.household?.persons.some((p) => p.relation === 'self' && p.id !== initial.id) ?? false;

  const submit = async (withRebind: boolean) => {
    const parsed = parseIdNumber(form.id);
    if (!parsed.ok) return setError(parsed.error);
    const name = form.name.trim();
    if (!name) return setError('name-missing');
    if (withRebind && !REBIND.test(rebindCode.trim())) return setError('rebind-code-format');
    const id = parsed.value.id;
    const body: RegisterRequest = {
      id, name, relation: form.relation,
      ...(form.phone.trim() && { phone: form.phone.trim() }),
      ...(form.community && { areaId: form.community.id }),
      ...(form.address.trim() && { address: form.address.trim() }),
      ...(withRebind && { rebindCode: rebindCode.trim() }),
    };
    // The resident code is checked first: a registration the phone could not then show as a code is not sent.
    const code = encodeResidentCode({ id, name, phone: body.phone, community: form.community?.names.at(-1), address: body.address });
    if (!code.ok) return setError(code.error);
    setBusy(true);
    setError(null);
    let answer = await registerPerson(phone.credential, body);
    // A credential the server does not know (its database restored from before this phone) would refuse every
    // registration for good: the phone starts again as a new one, as a fresh phone would.
    if (!answer.ok && phone.credential && errorKey(answer.error) === 'resident-credential') answer = await registerPerson(null, body);
    setBusy(false);
    if (!answer.ok) {
      const key = errorKey(answer.error);
      if (key === 'resident-claimed') setClaimed(true);
      return setError(key);
    }
    await phone.adopt(answer.value);
    await phone.keepResidentCode(id, code.value);
    // A new phone account: where the phone can keep one, a passkey too, so losing this phone's data loses nothing. Not
    // made (declined, no network) is no failure: the household screen offers it again.
    const made = answer.value.credential;
    if (made && (await passkeysAvailable())) {
      setBusy(true);
      if ((await makePasskey(made)).ok) await phone.markPasskeyMade();
      setBusy(false);
    }
    onDone(id);
  };

  return (
    <form class="register-form" onSubmit={(e) => { e.preventDefault(); void submit(false); }}>
      <label>{t('name')} <Required />
        <input name="name" required maxLength={64} autocomplete="name" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
      </label>
      <IdNumberInput value={form.id} onInput={(id) => setForm({ ...form, id })} />
      <label>{t('relation')}
        <select name="relation" value={form.relation} onChange={(e) => setForm({ ...form, relation: e.currentTarget.value as Relation })}>
          {/* One owner per phone: "myself" is offered until someone is it. */}
          {RELATIONS.filter((r) => r !== 'self' || !hasSelf).map((r) => <option key={r} value={r}>{t(`relation-${r}`)}</option>)}
        </select>
      </label>
      <label>{t('phone')}
        <input name="phone" type="tel" inputMode="tel" maxLength={32} autocomplete="tel" value={form.phone} onInput={(e) => setForm({ ...form, phone: e.currentTarget.value })} />
      </label>
      <CommunityPicker credential={phone.credential} chosen={form.community} onChoose={(community) => setForm({ ...form, community })} />
      <label>{t('address')}
        <input name="address" maxLength={200} autocomplete="street-address" value={form.address} onInput={(e) => setForm({ ...form, address: e.currentTarget.value })} />
      </label>
      {claimed ? (
        <div class="claimed" role="alert" data-error="resident-claimed">
          <p>{t('resident-claimed-help')}</p>
          <label>{t('rebindCode')}
            <input name="rebindCode" inputMode="numeric" autocomplete="one-time-code" maxLength={8} value={rebindCode} onInput={(e) => setRebindCode(e.currentTarget.value)} />
          </label>
          {error && error !== 'resident-claimed' && <p class="error" data-error={error}>{t.any(error)}</p>}
          <button class="big primary" type="button" disabled={busy} onClick={() => void submit(true)}>{t('rebindSend')}</button>
        </div>
      ) : error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
      <div class="actions">
        <button class="big primary" type="submit" disabled={busy}>{t('makeCode')}</button>
        {onCancel && <button class="big secondary" type="button" onClick={onCancel}>{t('cancel')}</button>}
      </div>
    </form>
  );
}
