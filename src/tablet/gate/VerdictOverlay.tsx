/** The full-screen verdict: way, word and shape, who it is, why, what to check; a check stays until the volunteer taps on. */
import { useEffect, useState } from 'preact/hooks';
import type { Direction, Outcome, Source } from '../../core/entry.ts';
import { birthDateOf, maskIdNumber } from '../../core/idNumber.ts';
import type { Policy } from '../../core/policy.ts';
import { entryFieldsOf, type Reading } from '../../core/scan.ts';
import type { GateOutcome } from '../../gate/gate.ts';
import { useT, type Translate } from '../../ui/i18n.ts';
import { reasonWords } from '../../ui/reasonWords.ts';
import { signal } from '../feedback.ts';
import { OutcomeButtons } from './OutcomeButtons.tsx';
import { useTimeout } from '../../ui/useTimeout.ts';

/**
 * How long a verdict stays up by itself: long enough to read from a step away; a stop longer, as the volunteer reads its
 * reason out. A check has no time: it waits for the volunteer (null), and so does a scan that was not saved.
 */
const SHOW_MS = { pass: 3000, stop: 6000, check: null } as const;

/** The shape beside each word, so no verdict is told by its colour alone. */
const SHAPE = { pass: '✓', stop: '✕', check: '?', full: '⏸' } as const;

interface Person { name: string | null; id?: string | undefined; dateOfBirth?: string | undefined; source: Source }

/**
 * Who the volunteer should see in front of them: name, the masked ID number and the date of birth (from the ID number, as
 * EU verifiers show it): a masked number alone reads alike for two people of one region with the same last four characters.
 */
function personShown(reading: Reading): Person | undefined {
  if (reading.kind === 'identity') return withBirthDate({ name: reading.resident.name || null, id: reading.resident.id, source: reading.source });
  if (reading.kind === 'signed' && reading.code.subject) return withBirthDate({ ...reading.code.subject, source: reading.code.kind });
  return undefined;
}

/** The person with the birth date their ID number holds, unless the code gave one (an EU certificate's). */
const withBirthDate = (person: Person): Person => {
  const born = person.dateOfBirth ?? (person.id ? birthDateOf(person.id) : undefined);
  return born ? { ...person, dateOfBirth: born } : person;
};

function PersonCard({ person, t, labelled }: { person: Person; t: Translate; labelled: boolean }) {
  return (
    <div class="verdict-person" data-source={person.source}>
      {labelled && <div class="verdict-kind">{t(`kind-${person.source}`)}</div>}
      {person.name && <div class="verdict-name">{person.name}</div>}
      {person.id && <div class="verdict-id">{maskIdNumber(person.id)}</div>}
      {person.dateOfBirth && <div class="verdict-id verdict-born" data-born={person.dateOfBirth}>{t('born')} {person.dateOfBirth}</div>}
    </div>
  );
}

/** The first reason that tells the volunteer what to do for a check. */
const DO_KEYS = ['id-mismatch', 'key-person', 'identity-only', 'code-unknown', 'code-expired', 'code-unknown-key', 'code-not-yet-valid'] as const;

export interface VerdictProps {
  outcome: GateOutcome;
  /** The way the gate is set: the verdict of a scan that was not saved shows it (a saved one shows its entry's). */
  direction: Direction;
  /** The rules in force: a colour's reason says what this gate does with it. */
  policy: Policy;
  /** Another code was seen while this verdict waits for the volunteer. */
  nextWaiting: boolean;
  onDone: () => void;
  /** Logs what happened after this stop or check (处置); absent: the screen offers no outcomes. */
  onOutcome?: (outcome: Outcome, note: string | null) => void;
}

export function VerdictOverlay({ outcome, direction, policy, nextWaiting, onDone, onOutcome }: VerdictProps) {
  const t = useT();
  const { verdict, reasons } = outcome.judgement;
  // The volunteer has begun to log an outcome: the stop no longer leaves by itself.
  const [answering, setAnswering] = useState(false);
  const ms = outcome.saved && !answering ? SHOW_MS[verdict] : null;
  // Sound and vibration once the verdict is painted (effects run after paint): the colour is never late for them.
  useEffect(() => signal(outcome.saved ? verdict : 'error'), [outcome, verdict]);
  useTimeout(onDone, ms, outcome);
  // A place that is only full is a wait, not a ban: it must not read like a red code's stop.
  const full = outcome.saved && verdict === 'stop' && reasons.length === 1 && reasons[0] === 'capacity-full';
  const kind = full ? 'full' : verdict;
  const person = personShown(outcome.reading);
  // A resident code and a health code of two people: both are shown, each under its kind of code.
  const mismatch = reasons.includes('id-mismatch') && outcome.paired ? outcome.paired : undefined;
  const colour = entryFieldsOf(outcome.reading).colour;
  const doKey = verdict === 'check' ? DO_KEYS.find((r) => reasons.includes(r)) : undefined;
  const way = outcome.saved ? outcome.entry.direction : direction;
  // A stop or a check of a scan (not a place that is only full, nor a follow-up itself) has an outcome to log.
  const disposable = outcome.saved && verdict !== 'pass' && !full && !outcome.entry.followUp && onOutcome;
  return (
    <div
      class={`verdict verdict-${kind}${outcome.saved ? '' : ' not-saved'}`}
      data-verdict={verdict}
      data-full={full ? 'true' : undefined}
      data-held={ms === null ? 'true' : undefined}
      data-shown-ms={ms ?? undefined}
      data-saved={String(outcome.saved)}
      data-seq={outcome.saved ? outcome.entry.seq : undefined}
      role="alert"
      onClick={onDone}
    >
      <div class="verdict-way" data-direction={way}><b>{t(way)}</b> {t(way === 'in' ? 'figIn' : 'figOut')}</div>
      <div class="verdict-word"><span class="verdict-shape" aria-hidden="true">{SHAPE[kind]}</span> {outcome.saved ? t(full ? 'full' : verdict) : t('notSaved')}</div>
      {colour && <div class={`verdict-colour colour-${colour}`} data-colour={colour}>{t(`seen-${colour}`)}</div>}
      {doKey && <p class="verdict-do" data-do={doKey}>{t(`do-${doKey}`)}</p>}
      {mismatch && person ? (
        <div class="verdict-people" data-people="2">
          <PersonCard person={withBirthDate({ name: mismatch.name, id: mismatch.personId, source: mismatch.source })} t={t} labelled />
          <PersonCard person={person} t={t} labelled />
        </div>
      ) : person && <PersonCard person={person} t={t} labelled={false} />}
      {reasons.length > 0 && <ul class="verdict-reasons">{reasons.map((r) => <li key={r} data-reason={r}>{reasonWords(r, t, policy)}</li>)}</ul>}
      {disposable && <OutcomeButtons onOutcome={onOutcome} onHold={() => setAnswering(true)} />}
      {ms === null && nextWaiting && <p class="verdict-next" role="status" data-next-waiting="true">{t('nextWaiting')}</p>}
      <div class="verdict-foot">
        {outcome.saved && <span>{t('saved')} {t('entryNumber').replace('{n}', String(outcome.entry.seq))}</span>}
        {ms === null
          ? <button class="big verdict-continue" onClick={(e) => { e.stopPropagation(); onDone(); }}>{t(outcome.saved ? 'checkedGoOn' : 'tapToContinue')}</button>
          : <span>· {t('tapToContinue')}</span>}
      </div>
    </div>
  );
}
