/** A vehicle at a road checkpoint: its plate typed and checked, then the gate scans its people under it (the driver first). */
import { useState } from 'preact/hooks';
import { isPlate, normalisePlate } from '../../core/plate.ts';
import { useT } from '../../ui/i18n.ts';

export function VehicleSheet({ onPlate, onCancel }: { onPlate: (plate: string) => void; onCancel: () => void }) {
  const t = useT();
  const [text, setText] = useState('');
  const [wrong, setWrong] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    const plate = normalisePlate(text);
    if (isPlate(plate)) onPlate(plate);
    else setWrong(true);
  };
  return (
    <div class="duty-sheet" role="dialog" aria-labelledby="vehicle-title" data-prompt="vehicle">
      <h2 id="vehicle-title">{t('vehicleTitle')}</h2>
      <form onSubmit={submit}>
        <label>{t('vehiclePlate')}
          <input name="plate" autoComplete="off" autoCapitalize="characters" maxLength={12} value={text} aria-describedby="plate-hint"
            onInput={(e) => { setText(e.currentTarget.value); setWrong(false); }} />
        </label>
        <p id="plate-hint" class="hint">{t('vehiclePlateHint')}</p>
        {wrong && <p class="error" role="alert">{t('plate-invalid')}</p>}
        <div class="actions">
          <button class="big primary" type="submit">{t('vehicleBegin')}</button>
          <button class="big secondary" type="button" onClick={onCancel}>{t('cancel')}</button>
        </div>
      </form>
    </div>
  );
}
