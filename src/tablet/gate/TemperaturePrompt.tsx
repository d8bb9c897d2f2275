/** The temperature taken at the gate, when the checkpoint asks for one: quick buttons for the usual, a field for the rest. */
import { useState } from 'preact/hooks';
import { useT } from '../../ui/i18n.ts';

const QUICK = [36.2, 36.5, 36.8, 37.0, 37.3, 37.6, 38.0];

export function TemperaturePrompt({ onTemperature, onCancel }: { onTemperature: (celsius: number) => void; onCancel: () => void }) {
  const t = useT();
  const [text, setText] = useState('');
  const value = Number(text);
  const valid = text !== '' && value >= 34 && value <= 43;
  return (
    <div class="temperature-prompt" role="dialog" aria-label={t('temperature')} data-prompt="temperature">
      <h2>{t('temperature')}</h2>
      <div class="quick-temperatures">
        {QUICK.map((c) => <button key={c} class="big secondary" onClick={() => onTemperature(c)}>{c.toFixed(1)}</button>)}
      </div>
      <form onSubmit={(e) => { e.preventDefault(); if (valid) onTemperature(Math.round(value * 10) / 10); }}>
        <input name="temperature" type="number" inputMode="decimal" step="0.1" min="34" max="43" aria-label={t('temperature')} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button class="big primary" type="submit" disabled={!valid}>{t('confirm')}</button>
        <button class="big secondary" type="button" onClick={onCancel}>{t('cancel')}</button>
      </form>
    </div>
  );
}
