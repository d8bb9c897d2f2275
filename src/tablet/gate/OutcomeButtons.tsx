/** The outcomes of a stop or a check (处置), one tap each on the verdict screen; "other" asks for a few words first. */
import { useState } from 'preact/hooks';
import { OUTCOMES, type Outcome } from '../../core/entry.ts';
import { useT } from '../../ui/i18n.ts';

export interface OutcomeButtonsProps {
  onOutcome: (outcome: Outcome, note: string | null) => void;
  /** The volunteer has started to answer: the verdict stays until they finish. */
  onHold: () => void;
}

export function OutcomeButtons({ onOutcome, onHold }: OutcomeButtonsProps) {
  const t = useT();
  const [other, setOther] = useState(false);
  const [note, setNote] = useState('');
  // A tap here is an answer, not the tap on the verdict that sends it away.
  const keep = (e: Event) => { e.stopPropagation(); onHold(); };
  return (
    <div class="outcomes" role="group" aria-label={t('outcomeTitle')} onClick={keep} onPointerDown={keep}>
      <p class="outcomes-title">{t('outcomeTitle')}</p>
      {other ? (
        <form onSubmit={(e) => { e.preventDefault(); if (note.trim() !== '') onOutcome('other', note.trim()); }}>
          <label>{t('outcomeNote')}
            <input name="outcome-note" maxLength={200} value={note} onInput={(e) => setNote(e.currentTarget.value)} autoFocus />
          </label>
          <button class="big primary" type="submit" disabled={note.trim() === ''}>{t('outcomeSave')}</button>
          <button class="big secondary" type="button" onClick={() => setOther(false)}>{t('cancel')}</button>
        </form>
      ) : (
        <div class="outcome-buttons">
          {OUTCOMES.map((o) => (
            <button key={o} class="big outcome" data-outcome={o} onClick={() => (o === 'other' ? setOther(true) : onOutcome(o, null))}>{t(`outcome-${o}`)}</button>
          ))}
        </div>
      )}
    </div>
  );
}
