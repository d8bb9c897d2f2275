/** Under the household: that a passkey keeps it findable, or the offer to save one (a phone whose first registration made none). */
import { useState } from 'preact/hooks';
import { useT } from '../ui/i18n.ts';
import { makePasskey } from './passkey.ts';
import { usePasskeysAvailable } from './usePasskeysAvailable.ts';
import type { Phone } from './usePhone.ts';

export function PasskeyOffer({ phone }: { phone: Phone }) {
  const t = useT();
  const available = usePasskeysAvailable();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { credential } = phone;
  if (phone.passkeyMade) return <p class="hint passkey-made" data-passkey="made">{t('passkeyMade')}</p>;
  if (!available || !credential) return null;

  const save = async () => {
    setBusy(true);
    setError(null);
    const made = await makePasskey(credential);
    setBusy(false);
    if (!made.ok) return setError(made.error);
    await phone.markPasskeyMade();
  };

  return (
    <section class="passkey-offer" data-passkey="none" aria-label={t('passkeySave')}>
      <p class="hint">{t('passkeyOfferHint')}</p>
      {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
      <button class="big secondary" type="button" disabled={busy} onClick={() => void save()}>{t('passkeySave')}</button>
    </section>
  );
}
