/** The household on this phone (/register): register the first person, then family members; each person's resident code, kept on the phone. */
import { useEffect, useState } from 'preact/hooks';
import { decodeResidentCode } from '../core/residentCode.ts';
import { MAX_HOUSEHOLD, type HouseholdPerson } from '../core/residentWire.ts';
import { errorKey, removePerson } from '../sync/residentApi.ts';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { PasskeyOffer } from './PasskeyOffer.tsx';
import { PasskeyRecovery } from './PasskeyRecovery.tsx';
import { PersonCard } from './PersonCard.tsx';
import { emptyDraft, RegisterForm, type Draft } from './RegisterForm.tsx';
import { ResidentNav } from './ResidentNav.tsx';
import { SupersededNotice } from './SupersededNotice.tsx';
import { usePhone } from './usePhone.ts';

/** The person's details as the form edits them: what the server holds, and phone and address from their resident code. */
function draftOf(person: HouseholdPerson, code: string | undefined): Draft {
  const decoded = code ? decodeResidentCode(code) : null;
  const declared = decoded?.ok ? decoded.value : null;
  return {
    id: person.id, name: person.name, relation: person.relation, phone: declared?.phone ?? '', address: declared?.address ?? '',
    community: person.areaId ? { id: person.areaId, names: person.areaNames } : null,
  };
}

export function RegisterScreen() {
  const t = useT();
  const phone = usePhone();
  // null: the household list; a draft: the form (a new person, or one being updated).
  const [editing, setEditing] = useState<Draft | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const persons = phone.household?.persons ?? [];
  const { refresh, credential } = phone;

  // The household as the server has it now (colours, a person moved away); offline, what the phone holds.
  useEffect(() => { if (credential) void refresh(); }, [credential, refresh]);

  const remove = async (id: string) => {
    if (!phone.credential) return;
    const answer = await removePerson(phone.credential, id);
    if (!answer.ok) return setError(errorKey(answer.error));
    setError(null);
    await phone.adopt(answer.value);
  };

  if (!phone.loaded) return <main class="page register-screen" />;
  const head = (title: string) => (
    <header class="page-head"><h1>{title}</h1><LanguageButton /><ResidentNav /></header>
  );
  // Neither the household's resident codes nor its forms: a credential the server refused makes none of them count.
  if (phone.superseded) return <main class="page register-screen">{head(t('householdTitle'))}<SupersededNotice phone={phone} /></main>;
  if (persons.length === 0 || editing) {
    return (
      <main class="page register-screen">
        {head(editing?.id ? t('editRegistration') : persons.length > 0 ? t('addMember') : t('register'))}
        <PasskeyRecovery phone={phone} />
        <RegisterForm
          key={editing?.id ?? 'new'}
          phone={phone}
          initial={editing ?? emptyDraft('self')}
          onDone={(id) => { setEditing(null); setShown(id); }}
          {...(persons.length > 0 && { onCancel: () => setEditing(null) })}
        />
      </main>
    );
  }
  // The code last registered, else the first person's: a reload shows a code, as it always did.
  const open = shown ?? persons[0]?.id ?? null;
  return (
    <main class="page register-screen">
      {head(t('householdTitle'))}
      <p class="hint">{t('householdHint')}</p>
      {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
      <ul class="household">
        {persons.map((p) => (
          <PersonCard key={p.id} person={p} code={phone.residentCodes[p.id]} open={open === p.id}
            onToggle={() => setShown(open === p.id ? '' : p.id)}
            onEdit={() => setEditing(draftOf(p, phone.residentCodes[p.id]))}
            onRemove={() => void remove(p.id)} />
        ))}
      </ul>
      <p>{t('showAtGate')}</p>
      <PasskeyOffer phone={phone} />
      {persons.length < MAX_HOUSEHOLD
        ? <button class="big primary" type="button" onClick={() => setEditing(emptyDraft('child'))}>{t('addMember')}</button>
        : <p class="hint">{t('householdFull')}</p>}
    </main>
  );
}
