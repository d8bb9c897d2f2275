/** One person of the household: name, relation, birth date, today's colour and why, and their resident code on demand. */
import { useState } from 'preact/hooks';
import { maskIdNumber } from '../core/idNumber.ts';
import type { HouseholdPerson } from '../core/residentWire.ts';
import { useT } from '../ui/i18n.ts';
import { QrCode } from '../ui/QrCode.tsx';

export function ColourLine({ person }: { person: HouseholdPerson }) {
  const t = useT();
  if (!person.colour) return <p class="person-colour" data-colour="none">{t('notCheckedInYet')}</p>;
  return (
    <div class="person-colour" data-colour={person.colour}>
      <span class={`tag-colour colour-${person.colour}`}>{t.any(`seen-${person.colour}`)}</span>
      {person.reasons.length > 0 && <span class="reasons"> {t('whyColour')}: {person.reasons.map((r) => t.any(r)).join('；')}</span>}
    </div>
  );
}

export function PersonCard({ person, code, open, onToggle, onEdit, onRemove }: {
  person: HouseholdPerson;
  code: string | undefined;
  open: boolean;
  onToggle: () => void;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const headId = `person-${person.id}`;
  return (
    <li class="person-card" data-person={person.id} aria-labelledby={headId}>
      <h3 id={headId} class="person-name">{person.name} <span class="kind">{t(`relation-${person.relation}`)}</span></h3>
      <p class="person-facts">{t('birthDate')} {person.birthDate} · <span class="health-id">{maskIdNumber(person.id)}</span>
        {person.areaNames.length > 0 && <> · {person.areaNames.at(-1)}</>}</p>
      <ColourLine person={person} />
      {open && code && <QrCode text={code} label={`${person.name}${t('residentCodeOf')}`} />}
      <div class="actions">
        {code && <button type="button" class="secondary" aria-expanded={open} onClick={onToggle}>{t('showResidentCode')}</button>}
        <button type="button" class="secondary" onClick={onEdit}>{t('editRegistration')}</button>
        {!confirming && <button type="button" class="secondary" onClick={() => setConfirming(true)}>{t('removePerson')}</button>}
      </div>
      {confirming && (
        <div role="alertdialog" aria-label={t('removeConfirm')} class="confirm">
          <p>{t('removeConfirm')}</p>
          <button type="button" class="primary danger" onClick={() => { setConfirming(false); onRemove(); }}>{t('confirm')}</button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>{t('cancel')}</button>
        </div>
      )}
    </li>
  );
}
