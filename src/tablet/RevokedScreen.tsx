/** What a revoked tablet shows instead of the scanner: it was withdrawn, and what to do now. */
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { navigate } from '../ui/navigate.ts';

export function RevokedScreen({ revokedAt }: { revokedAt: string }) {
  const t = useT();
  return (
    <main class="page revoked" data-revoked={revokedAt}>
      <div class="page-head"><LanguageButton /></div>
      <div role="alert">
        <h1>⛔ {t('device-revoked')}</h1>
        <p>{t('revokedWhat')}</p>
      </div>
      <button class="big secondary" onClick={() => navigate('/enrol')}>{t('enrolAgain')}</button>
    </main>
  );
}
