/** The shift sign-in (值守登记): the volunteer's name and phone; whoever takes over signs in here, one tap from the gate. */
import { useState } from 'preact/hooks';
import { dutyOf, type Duty } from '../../core/duty.ts';
import { useT } from '../../ui/i18n.ts';

export function DutySheet({ current, onDuty, onCancel }: { current: Duty | null; onDuty: (duty: Duty | null) => void; onCancel: () => void }) {
  const t = useT();
  // A shift change starts empty: the next volunteer types their own name, not the last one's.
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const duty = dutyOf(name, phone, new Date());
    if (!duty.ok) setError(duty.error);
    else onDuty(duty.value);
  };
  return (
    <div class="duty-sheet" role="dialog" aria-labelledby="duty-title" data-prompt="duty">
      <h2 id="duty-title">{t('dutyTitle')}</h2>
      <p>{t('dutyHint')}</p>
      <form onSubmit={submit}>
        <label>{t('dutyName')}
          <input name="duty-name" autoComplete="name" maxLength={32} value={name} onInput={(e) => { setName(e.currentTarget.value); setError(null); }} />
        </label>
        <label>{t('dutyPhone')}
          <input name="duty-phone" type="tel" inputMode="numeric" autoComplete="tel" maxLength={15} value={phone} onInput={(e) => { setPhone(e.currentTarget.value); setError(null); }} />
        </label>
        {error && <p class="error" role="alert">{t.any(error)}</p>}
        <div class="actions">
          <button class="big primary" type="submit">{t('dutyStart')}</button>
          {current && <button class="big secondary" type="button" onClick={() => onDuty(null)}>{t('dutyOff')}</button>}
          <button class="big secondary" type="button" onClick={onCancel}>{t('cancel')}</button>
        </div>
      </form>
    </div>
  );
}
