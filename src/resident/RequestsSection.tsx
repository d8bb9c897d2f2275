/** 困难诉求: a request for medicine, food, a doctor or help, sent for one person; the household's requests with their status and the lead's note. */
import { useState } from 'preact/hooks';
import { REQUEST_KINDS, type HelpRequestState, type HouseholdPerson, type PhoneCredential, type RequestKind } from '../core/residentWire.ts';
import { errorKey, raiseRequest } from '../sync/residentApi.ts';
import { formatDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';

export function RequestsSection({ credential, person, persons, requests, onSent }: {
  credential: PhoneCredential;
  person: HouseholdPerson;
  persons: readonly HouseholdPerson[];
  requests: readonly HelpRequestState[];
  onSent: () => Promise<void>;
}) {
  const t = useT();
  const [kind, setKind] = useState<RequestKind>('medicine');
  const [text, setText] = useState('');
  const [said, setSaid] = useState<{ error: string } | 'sent' | null>(null);
  const [busy, setBusy] = useState(false);
  const nameOf = (id: string) => persons.find((p) => p.id === id)?.name ?? '';

  const send = async () => {
    if (kind === 'other' && text.trim() === '') return setSaid({ error: 'request-text-missing' });
    setBusy(true);
    const answer = await raiseRequest(credential, { id: person.id, kind, text: text.trim() });
    setBusy(false);
    if (!answer.ok) return setSaid({ error: errorKey(answer.error) });
    setText('');
    setSaid('sent');
    await onSent();
  };

  // Open ones first, then the newest.
  const listed = [...requests].sort((a, b) => Number(a.status === 'done') - Number(b.status === 'done') || b.createdAt.localeCompare(a.createdAt));
  return (
    <section class="requests" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('requestsTitle')} · {person.name}</h2>
      <p class="hint">{t('requestsHint')}</p>
      <form onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <fieldset class="kinds">
          <legend>{t('requestKind')}</legend>
          {REQUEST_KINDS.map((k) => (
            <label key={k} class={`kind-choice${k === kind ? ' on' : ''}`}>
              <input type="radio" name="kind" value={k} checked={k === kind} onChange={() => { setKind(k); setSaid(null); }} /> {t(`request-${k}`)}
            </label>
          ))}
        </fieldset>
        <label>{t('requestText')}
          <textarea name="text" rows={3} maxLength={500} value={text} onInput={(e) => { setText(e.currentTarget.value); setSaid(null); }} />
        </label>
        {said && said !== 'sent' && <p class="error" role="alert" data-error={said.error}>{t.any(said.error)}</p>}
        {said === 'sent' && <p class="ok" role="status">{t('requestSent')}</p>}
        <button class="big primary" type="submit" disabled={busy}>{t('requestSend')}</button>
      </form>
      <h3>{t('requestsMine')}</h3>
      {listed.length === 0 && <p>{t('requestsNone')}</p>}
      <ul class="request-list">
        {listed.map((r) => (
          <li key={r.requestId} class={`request status-${r.status}`} data-request={r.requestId} data-status={r.status}>
            <p class="request-head">
              <span class={`tag ${r.status === 'done' ? 'tone-pass' : 'tone-check'}`}>{t(`status-${r.status}`)}</span>
              <b>{t(`request-${r.kind}`)}</b> · {nameOf(r.personId)} · <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, t.language)}</time>
            </p>
            {r.text && <p class="request-text">{r.text}</p>}
            {r.status === 'done' && (
              <p class="request-note">
                {t('requestNote')}: {r.note || '—'}{r.doneAt && <> · <time dateTime={r.doneAt}>{formatDateTime(r.doneAt, t.language)}</time></>}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
