/** The short form (简易登记) of a visitor the phone has no household for: name, ID number and a phone number to call back. */
import { IdNumberInput, Required } from '../ui/IdNumberInput.tsx';
import { useT } from '../ui/i18n.ts';

export interface ShortFormValue { name: string; id: string; phone: string }

export function ShortForm({ value, onChange }: { value: ShortFormValue; onChange: (value: ShortFormValue) => void }) {
  const t = useT();
  return (
    <fieldset class="short-form">
      <legend>{t('placeFormHint')}</legend>
      <div class="field">
        <label for="visitor-name">{t('name')} <Required /></label>
        <input id="visitor-name" name="name" required maxLength={64} autocomplete="name" value={value.name} onInput={(e) => onChange({ ...value, name: e.currentTarget.value })} />
      </div>
      <IdNumberInput value={value.id} onInput={(id) => onChange({ ...value, id })} />
      <div class="field">
        <label for="visitor-phone">{t('phone')} <Required /></label>
        <input id="visitor-phone" name="phone" required type="tel" inputMode="tel" maxLength={20} autocomplete="tel" value={value.phone}
          onInput={(e) => onChange({ ...value, phone: e.currentTarget.value })} />
      </div>
    </fieldset>
  );
}
