/** What a resident page shows, in place of the codes, on a phone whose credential the server refused: why, and the two ways on. */
import { useState } from 'preact/hooks';
import { useT } from '../ui/i18n.ts';
import { navigate } from '../ui/navigate.ts';
import { PasskeyRecovery } from './PasskeyRecovery.tsx';
import type { Phone } from './usePhone.ts';

export function SupersededNotice({ phone }: { phone: Phone }) {
  const t = useT();
  const [busy, setBusy] = useState(false);

  // The person chose it: only now is the old household forgotten, and the form for a new phone opens.
  const registerAgain = async () => {
    setBusy(true);
    await phone.forget();
    navigate('/register');
  };

  return (
    <section class="superseded" data-phone="superseded" aria-labelledby="superseded-title">
      <h2 id="superseded-title">{t('supersededTitle')}</h2>
      <p role="alert">{t('supersededHint')}</p>
      <div class="actions">
        <PasskeyRecovery phone={phone} inline />
        <p class="hint">{t('registerAgainHint')}</p>
        <button class="big secondary" type="button" disabled={busy} onClick={() => void registerAgain()}>{t('registerAgain')}</button>
      </div>
    </section>
  );
}
