/** 撤销 on an arrival's row (issue #20): a lead takes back a false registration, with its reason, after a confirm step; the row then says so. */
import { useState } from 'preact/hooks';
import { withdrawReason, type ConsoleArrival } from '../core/arrivalWire.ts';
import { say } from '../core/catalogue.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, networkError, post } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';

/** The reason the server would refuse, named before sending (the same check). */
const reasonError = (): ConsoleError =>
  new ConsoleError(400, 'arrival-withdraw-reason', { zh: say('arrival-withdraw-reason', 'zh'), en: say('arrival-withdraw-reason', 'en') });

export function ArrivalWithdraw({ arrival, onDone }: { arrival: ConsoleArrival; onDone: (withdrawn: ConsoleArrival) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);
  const inputId = `withdraw-reason-${arrival.arrivalId}`;

  const withdraw = async (event: Event) => {
    event.preventDefault();
    if (!withdrawReason(reason).ok) {
      setError(reasonError());
      return;
    }
    setSaving(true);
    try {
      const done = await post<ConsoleArrival>(`/console/arrivals/${encodeURIComponent(arrival.arrivalId)}/withdraw`, { reason });
      setError(null);
      setOpen(false);
      onDone(done);
    } catch (failure) {
      setError(failure instanceof ConsoleError ? failure : networkError());
    } finally {
      setSaving(false);
    }
  };

  if (!open) {
    return <button class="secondary arrival-withdraw" type="button" onClick={() => setOpen(true)}>{t('arrivalWithdraw')}</button>;
  }
  return (
    <form class="arrival-withdraw-form" aria-label={t('arrivalWithdraw')} onSubmit={(e) => void withdraw(e)}>
      <p>{t('arrivalWithdrawConfirm')}</p>
      <label for={inputId}>{t('arrivalWithdrawReason')}</label>
      <input id={inputId} name="reason" maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <span class="confirm">
        <button class="primary danger" type="submit" disabled={saving}>{t('confirm')}</button>
        <button class="secondary" type="button" onClick={() => { setOpen(false); setError(null); }}>{t('cancel')}</button>
      </span>
      <ErrorLine error={error} />
    </form>
  );
}
