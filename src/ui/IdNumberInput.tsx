/** An ID number field: the numeric keyboard (a phone's digits are big), and an X key beside it for the last character. */
import { useRef } from 'preact/hooks';
import { useT } from './i18n.ts';

/** The mark beside a field the form cannot go without (the field itself says so to a screen reader: `required`). */
export function Required() {
  const t = useT();
  return <span class="required" aria-hidden="true">{t('required')}</span>;
}

export function IdNumberInput({ value, onInput }: { value: string; onInput: (value: string) => void }) {
  const t = useT();
  const field = useRef<HTMLInputElement>(null);
  return (
    <div class="field">
      <label for="id-number">{t('idNumber')} <Required /></label>
      <div class="id-input">
        <input ref={field} id="id-number" name="id" value={value} maxLength={18} required inputMode="numeric" autocomplete="off"
          aria-describedby="id-x-hint" onInput={(e) => onInput(e.currentTarget.value.toUpperCase())} />
        {/* The numeric keyboard has no X: about one ID number in eleven ends with it. */}
        <button type="button" class="secondary id-x" aria-label={t('typeX')} disabled={value.length >= 18}
          onClick={() => { onInput(value + 'X'); field.current?.focus(); }}>X</button>
      </div>
      <p class="hint" id="id-x-hint">{t('idLastX')}</p>
    </div>
  );
}
