/** Manual entry of an ID number on big keys (digits and X), checked as it is confirmed. */
import { useState } from 'preact/hooks';
import { readTypedId } from '../../core/scan.ts';
import type { Reading } from '../../core/scan.ts';
import { useT } from '../../ui/i18n.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0', '⌫'] as const;

/** Groups 18 characters as region · birth date · sequence, the way the card prints them. */
const grouped = (v: string) => [v.slice(0, 6), v.slice(6, 14), v.slice(14)].filter(Boolean).join(' ');

/** Local date as YYYY-MM-DD: a birth date after today is impossible. */
const today = () => new Date().toLocaleDateString('sv-SE');

/**
 * `ask`: the keypad as the gate's question about another system's code's holder (its heading, and skipping instead of
 * cancelling); without it, the volunteer's own manual entry.
 */
export function Keypad({ onReading, onCancel, ask }: { onReading: (r: Reading) => void; onCancel: () => void; ask?: 'holder' }) {
  const t = useT();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const press = (key: (typeof KEYS)[number]) => {
    setError(null);
    setValue((v) => (key === '⌫' ? v.slice(0, -1) : v.length < 18 ? v + key : v));
  };
  const confirm = () => {
    const reading = readTypedId(value, today());
    if (reading.kind === 'invalid') setError(reading.error);
    else onReading(reading);
  };
  return (
    <div class="keypad" role="dialog" aria-label={ask ? t('holderTitle') : t('manualEntry')} {...(ask && { 'data-prompt': ask })}>
      {ask && <h2 class="keypad-title">{t('holderTitle')}</h2>}
      {ask && <p class="keypad-hint">{t('holderHint')}</p>}
      <div class="keypad-label" id="keypad-label">{t('idNumber')} <span class="keypad-count">{value.length}/18</span></div>
      <output class="keypad-value" data-testid="typed-id" aria-labelledby="keypad-label">{grouped(value) || '\u00a0'}</output>
      <p class="keypad-error" role="alert" data-error={error ?? ''}>{error ? t.any(error) : '\u00a0'}</p>
      <div class="keypad-keys">
        {KEYS.map((k) => (
          <button key={k} class="key" onClick={() => press(k)} aria-label={k === '⌫' ? t('backspace') : k}>{k}</button>
        ))}
      </div>
      <div class="keypad-actions">
        <button class="big secondary" onClick={onCancel}>{ask ? t('holderSkip') : t('cancel')}</button>
        <button class="big secondary" onClick={() => { setValue(''); setError(null); }}>{t('clear')}</button>
        <button class="big primary" onClick={confirm}>{t('confirm')}</button>
      </div>
    </div>
  );
}
