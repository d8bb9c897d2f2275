/** The full-screen verdict: colour, big word, who it is, why; it goes back to scanning by itself. */
import { useEffect } from 'preact/hooks';
import { maskIdNumber } from '../../core/idNumber.ts';
import type { GateOutcome } from '../gate.ts';
import { useT } from '../i18n.ts';

/** How long each verdict stays up: a stop or a check needs the volunteer's eyes longer than a pass. */
const SHOW_MS = { pass: 1500, check: 3000, stop: 3000 } as const;

export function VerdictOverlay({ outcome, onDone }: { outcome: GateOutcome; onDone: () => void }) {
  const t = useT();
  const { verdict, reasons } = outcome.judgement;
  useEffect(() => {
    const timer = setTimeout(onDone, outcome.saved ? SHOW_MS[verdict] : 6000);
    return () => clearTimeout(timer);
  }, [outcome, onDone, verdict]);
  const resident = outcome.reading.kind === 'identity' ? outcome.reading.resident : undefined;
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
      {resident && (
        <div class="verdict-person">
          {resident.name && <div class="verdict-name">{resident.name}</div>}
          <div class="verdict-id">{maskIdNumber(resident.id)}</div>
        </div>
      )}
      {reasons.length > 0 && <ul class="verdict-reasons">{reasons.map((r) => <li key={r}>{t(r)}</li>)}</ul>}
      <div class="verdict-foot">{outcome.saved ? `${t('saved')} #${outcome.entry.seq}` : ''} · {t('tapToContinue')}</div>
    </div>
  );
}
