/**
 * On a phone that holds no credential (its browser data cleared, or a new phone its passkey synced to), or one whose
 * credential was superseded (its account recovered on another phone): find the phone account again with the passkey,
 * and take its household and new credential. Nothing is shown where the phone has no passkeys.
 */
import { useState } from 'preact/hooks';
import { encodeResidentCode } from '../core/residentCode.ts';
import { useT } from '../ui/i18n.ts';
import { recoverWithPasskey } from './passkey.ts';
import { usePasskeysAvailable } from './usePasskeysAvailable.ts';
import type { Phone } from './usePhone.ts';

/** `inline`: the button alone, inside a notice that already says why (SupersededNotice). */
export function PasskeyRecovery({ phone, inline = false }: { phone: Phone; inline?: boolean }) {
  const t = useT();
  const available = usePasskeysAvailable();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!available || (phone.credential && !phone.superseded)) return null;

  const recover = async () => {
    setBusy(true);
    setError(null);
    const answer = await recoverWithPasskey();
    if (!answer.ok) {
      setBusy(false);
      return setError(answer.error);
    }
    const { household, onThisPhone } = answer.value;
    await phone.adopt(household);
    // A passkey of another device (the old phone, by QR) leaves this one without: the household screen offers to make one.
    if (onThisPhone) await phone.markPasskeyMade();
    // The resident codes were made on the lost phone: made again from what the server holds (phone and address, kept
    // only in the old codes, come back when the person edits their details).
    for (const p of household.persons.filter((person) => phone.residentCodes[person.id] === undefined)) {
      const code = encodeResidentCode({ id: p.id, name: p.name, community: p.areaNames.at(-1) });
      if (code.ok) await phone.keepResidentCode(p.id, code.value);
    }
    setBusy(false);
  };

  const act = <>
    {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
    <button class="big primary" type="button" disabled={busy} onClick={() => void recover()}>{t('passkeyRecover')}</button>
  </>;
  if (inline) return act;
  return (
    <section class="passkey-recovery" aria-labelledby="passkey-recovery-title">
      <h2 id="passkey-recovery-title">{t('passkeyRecoverTitle')}</h2>
      <p>{t('passkeyRecoverHint')}</p>
      {act}
    </section>
  );
}
