/** The user's own account: who and where, their passkeys (add one), and signing out here or everywhere. */
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useState } from 'preact/hooks';
import type { Me, PasskeyList, SignedOut } from '../core/consoleWire.ts';
import { ROLE_NAMES } from '../core/roles.ts';
import { formatFullDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, post, remove } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { useLoad } from './useLoad.ts';

export function AccountPage({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const t = useT();
  const passkeys = useLoad<PasskeyList>('/console/passkeys');
  const [error, setError] = useState<ConsoleError | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const addPasskey = async () => {
    setError(null);
    setStatus(null);
    try {
      const optionsJSON = await post<PublicKeyCredentialCreationOptionsJSON>('/console/passkeys/options');
      let credential;
      try {
        credential = await startRegistration({ optionsJSON });
      } catch {
        setError(new ConsoleError(0, 'passkey-cancelled', { zh: t('passkeyCancelled'), en: t('passkeyCancelled') }));
        return;
      }
      await post('/console/passkeys', { credential, label: navigator.platform || 'passkey' });
      setStatus(t('passkeyAdded'));
      passkeys.reload();
    } catch (e) {
      if (e instanceof ConsoleError) setError(e);
    }
  };
  const signOut = async (everywhere: boolean) => {
    try {
      await remove<SignedOut>(everywhere ? '/sessions' : '/session');
      onSignedOut();
    } catch (e) {
      if (e instanceof ConsoleError) setError(e);
    }
  };

  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">{t('myAccount')}</h2>
      <dl class="facts">
        <dt>{t('userName')}</dt><dd>{me.user.name}</dd>
        <dt>{t('roleLabel')}</dt><dd>{ROLE_NAMES[me.user.role][t.language]}</dd>
        <dt>{t('areaLabel')}</dt><dd>{me.place?.name ?? me.area?.names.join(' / ') ?? t('wholeCity')}</dd>
      </dl>
      <h3>{t('passkeysTitle')}</h3>
      {passkeys.data && passkeys.data.passkeys.length === 0 && <p class="hint">{t('passkeysNone')}</p>}
      <ul class="passkeys">
        {passkeys.data?.passkeys.map((p) => (
          <li key={p.credentialId}>
            {p.label} · {formatFullDateTime(p.createdAt, t.language)} · {t('lastUsed')}: {p.lastUsedAt ? formatFullDateTime(p.lastUsedAt, t.language) : t('neverUsed')}
          </li>
        ))}
      </ul>
      <div class="actions">
        <button class="secondary" onClick={() => void addPasskey()}>{t('addPasskey')}</button>
        <button class="secondary" onClick={() => void signOut(false)}>{t('signOut')}</button>
        <button class="secondary" onClick={() => void signOut(true)}>{t('signOutEverywhere')}</button>
      </div>
      {status && <p role="status">{status}</p>}
      <ErrorLine error={error ?? passkeys.error} />
    </section>
  );
}
