/** Signing in to the console: a name and password, or a passkey (fingerprint, face or screen lock) that needs no name. */
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useState } from 'preact/hooks';
import type { Session } from '../core/consoleWire.ts';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { ConsoleError, post } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';

export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice: string | null }) {
  const t = useT();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);

  const attempt = async (signIn: () => Promise<Session>) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn());
    } catch (e) {
      setError(e instanceof ConsoleError ? e : new ConsoleError(0, 'passkey-cancelled', { zh: t('passkeyCancelled'), en: t('passkeyCancelled') }));
    } finally {
      setBusy(false);
    }
  };
  const withPassword = (event: Event) => {
    event.preventDefault();
    void attempt(() => post<Session>('/session', { name, password }));
  };
  const withPasskey = () => void attempt(async () => {
    const optionsJSON = await post<PublicKeyCredentialRequestOptionsJSON>('/session/passkey/options');
    // A browser's "cancelled" or "not allowed" is not the server's word: it becomes the passkey message above.
    const credential = await startAuthentication({ optionsJSON });
    return post<Session>('/session/passkey', { credential });
  });

  return (
    <main class="page console-signin">
      <header class="page-head">
        <h1>{t('consoleTitle')}</h1>
        <LanguageButton />
      </header>
      {notice && <p class="notice" role="status">{notice}</p>}
      <h2>{t('signInTitle')}</h2>
      <form onSubmit={withPassword}>
        <label>
          {t('userName')}
          <input name="username" autocomplete="username webauthn" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
        </label>
        <div class="actions">
          <button class="big primary" type="submit" disabled={busy}>{busy ? t('signingIn') : t('signInPassword')}</button>
        </div>
      </form>
      <div class="actions">
        <button class="big secondary" type="button" disabled={busy} onClick={withPasskey}>{t('signInPasskey')}</button>
      </div>
      <ErrorLine error={error} />
    </main>
  );
}
