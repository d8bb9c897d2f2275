/** The lead PIN on big digit keys; checked on the tablet, offline, against the synced PBKDF2 hash. */
import { useState } from 'preact/hooks';
import { useT } from '../../ui/i18n.ts';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', '⌫'] as const;

export function PinPad({ title, busy, error, onSubmit }: { title: string; busy: boolean; error: string | null; onSubmit: (pin: string) => void }) {
  const t = useT();
  const [pin, setPin] = useState('');
  return (
    <form class="pin-pad" onSubmit={(e) => { e.preventDefault(); onSubmit(pin); setPin(''); }}>
      <h2>{title}</h2>
      <output class="pin-dots" aria-label={t('pinLength')}>{'●'.repeat(pin.length) || '\u00a0'}</output>
      <p class="error" role="alert" data-error={error ?? ''}>{error ? t.any(error) : '\u00a0'}</p>
      <div class="keypad-keys">
        {DIGITS.map((d, i) => d === '' ? <span key={i} /> : (
          <button key={d} type="button" class="key" aria-label={d === '⌫' ? t('backspace') : d}
            onClick={() => setPin((p) => (d === '⌫' ? p.slice(0, -1) : p.length < 8 ? p + d : p))}>{d}</button>
        ))}
      </div>
      <button class="big primary" type="submit" disabled={busy || pin.length < 4}>{busy ? t('checkingPin') : t('confirm')}</button>
    </form>
  );
}
