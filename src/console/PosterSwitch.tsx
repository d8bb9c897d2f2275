/** A place's self check-in poster (扫码登记, issue #20): withdraw it (its QR then says so) or restore it, for a user with the place's rules in hand. */
import { useState } from 'preact/hooks';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, networkError, post } from './api.ts';
import { ErrorLine } from './ErrorLine.tsx';

export function PosterSwitch({ placeId, withdrawn, onDone }: { placeId: string; withdrawn: boolean; onDone: () => void }) {
  const t = useT();
  const [error, setError] = useState<ConsoleError | null>(null);
  const [saving, setSaving] = useState(false);
  const flip = async () => {
    setSaving(true);
    try {
      await post(`/console/places/${encodeURIComponent(placeId)}/poster`, { withdrawn: !withdrawn });
      setError(null);
      onDone();
    } catch (failure) {
      setError(failure instanceof ConsoleError ? failure : networkError());
    } finally {
      setSaving(false);
    }
  };
  return (
    <span class="poster-switch" data-poster={placeId} data-withdrawn={withdrawn ? 'yes' : 'no'}>
      {withdrawn && <span class="note">{t('placePosterWithdrawn')} </span>}
      <button class="secondary" disabled={saving} onClick={() => void flip()}>{t(withdrawn ? 'placePosterRestore' : 'placePosterWithdraw')}</button>
      <ErrorLine error={error} />
    </span>
  );
}
