/** The full-screen verdict: colour, big word, who it is, why; it goes back to scanning by itself. */
import { useEffect } from 'preact/hooks';
import { maskIdNumber } from '../../core/idNumber.ts';
import type { Reading } from '../../core/scan.ts';
import type { GateOutcome } from '../../gate/gate.ts';
import { useT } from '../../ui/i18n.ts';
import { signal } from '../feedback.ts';

/** How long each verdict stays up: a stop or a check needs the volunteer's eyes longer than a pass. */
const SHOW_MS = { pass: 1500, check: 3000, stop: 3000 } as const;

/** Who the volunteer should see in front of them: name, and the masked ID number or the date of birth. */
function personShown(reading: Reading): { name: string; id?: string; dateOfBirth?: string } | undefined {
  if (reading.kind === 'identity') return { name: reading.resident.name, id: reading.resident.id };
  if (reading.kind === 'signed') return reading.code.subject ?? undefined;
  return undefined;
}

export function VerdictOverlay({ outcome, onDone }: { outcome: GateOutcome; onDone: () => void }) {
  const t = useT();
  const { verdict, reasons } = outcome.judgement;
  useEffect(() => {
    // Sound and vibration once the verdict is painted (effects run after paint): the colour is never late for them.
    signal(outcome.saved ? verdict : 'error');
    const timer = setTimeout(onDone, outcome.saved ? SHOW_MS[verdict] : 6000);
    return () => clearTimeout(timer);
  }, [outcome, onDone, verdict]);
  const person = personShown(outcome.reading);
  const colour = outcome.reading.kind === 'signed' ? outcome.reading.code.colour : outcome.reading.kind === 'unknown' ? outcome.reading.seenColour : undefined;
  return (
    <div
      class={`verdict verdict-${verdict}${outcome.saved ? '' : ' not-saved'}`}
      data-verdict={verdict}
      data-saved={String(outcome.saved)}
      data-seq={outcome.saved ? outcome.entry.seq : undefined}
      role="alert"
      onClick={onDone}
    >
      <div class="verdict-word">{outcome.saved ? t(verdict) : t('notSaved')}</div>
      {colour && <div class={`verdict-colour colour-${colour}`} data-colour={colour}>{t(`seen-${colour}`)}</div>}
      {person && (
        <div class="verdict-person">
          {person.name && <div class="verdict-name">{person.name}</div>}
          {person.id && <div class="verdict-id">{maskIdNumber(person.id)}</div>}
          {person.dateOfBirth && <div class="verdict-id">{t('born')} {person.dateOfBirth}</div>}
        </div>
      )}
      {reasons.length > 0 && <ul class="verdict-reasons">{reasons.map((r) => <li key={r}>{t.any(r)}</li>)}</ul>}
      <div class="verdict-foot">{outcome.saved ? `${t('saved')} #${outcome.entry.seq}` : ''} · {t('tapToContinue')}</div>
    </div>
  );
}
