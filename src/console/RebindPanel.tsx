/** 重新绑定: after seeing the person's ID card, the lead makes a one-time 8-digit code that moves the ID number to the person's own phone (audited). */
import { useState } from 'preact/hooks';
import type { RebindCode } from '../core/residentWire.ts';
import { formatFullDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, post } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';

export function RebindPanel() {
  const t = useT();
  const [form, setForm] = useState({ id: '', name: '', reason: '' });
  const [made, setMade] = useState<RebindCode | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [busy, setBusy] = useState(false);

  const make = async () => {
    setBusy(true);
    try {
      setMade(await post<RebindCode>('/console/residents/rebind', { id: form.id.trim().toUpperCase(), name: form.name.trim(), reason: form.reason.trim() }));
      setError(null);
    } catch (e) {
      if (e instanceof ConsoleError) setError(e);
      setMade(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="rebind-panel" aria-labelledby="rebind-title">
      <h3 id="rebind-title">{t('rebindTitle')}</h3>
      <p class="hint">{t('rebindHint')}</p>
      <form class="export-form" onSubmit={(e) => { e.preventDefault(); void make(); }}>
        <label>{t('idNumber')}
          <input name="rebind-id" required maxLength={18} inputMode="text" autocomplete="off" value={form.id} onInput={(e) => setForm({ ...form, id: e.currentTarget.value })} />
        </label>
        <label>{t('rebindName')}
          <input name="rebind-name" required maxLength={64} autocomplete="off" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </label>
        <label>{t('rebindReason')}
          <input name="rebind-reason" required maxLength={200} value={form.reason} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />
        </label>
        <button class="primary" type="submit" disabled={busy}>{t('rebindMake')}</button>
      </form>
      <ErrorLine error={error} />
      {made && (
        <div class="rebind-code" role="status">
          <p>{t('rebindCodeMade')}: <output class="code-digits" data-rebind-code={made.code}>{made.code}</output></p>
          <p>{t('rebindGive')} <time dateTime={made.expires}>{formatFullDateTime(made.expires, t.language)}</time></p>
        </div>
      )}
    </section>
  );
}
