/** "A new version is ready": the volunteer chooses when; the app never reloads under their hands. */
import { useState } from 'preact/hooks';
import { useT } from '../ui/i18n.ts';

export function UpdateBanner({ apply, onLater }: { apply: () => Promise<void>; onLater: () => void }) {
  const t = useT();
  const [applying, setApplying] = useState(false);
  return (
    <div class="update-banner" role="status" data-update="ready">
      <span>{applying ? t('updateWaiting') : t('updateReady')}</span>
      {!applying && (
        <>
          <button class="primary" onClick={() => { setApplying(true); void apply(); }}>{t('updateNow')}</button>
          <button class="secondary" onClick={onLater}>{t('updateLater')}</button>
        </>
      )}
    </div>
  );
}
