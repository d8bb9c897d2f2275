/** "My health code": the QR inside a frame of its colour, the person, the issue time and a live clock, so a screenshot shows. */
import { maskIdNumber } from '../core/idNumber.ts';
import type { HeldHealthCode } from './residentStore.ts';
import { useT } from '../ui/i18n.ts';
import { useClock } from '../ui/useClock.ts';
import { QrCode } from '../ui/QrCode.tsx';

export function HealthCodeCard({ held }: { held: HeldHealthCode }) {
  const t = useT();
  // Seconds tick: a screenshot's clock stands still, a live code's does not.
  const now = useClock(1000);
  const expired = now.getTime() > Date.parse(held.expires);
  return (
    <section class={`health-card colour-frame-${held.colour}`} data-colour={held.colour} data-expired={String(expired)}>
      <div class="health-colour">{t(`seen-${held.colour}`)}</div>
      <div class="health-name">{held.name} <span class="health-id">{maskIdNumber(held.id)}</span></div>
      {expired ? <p class="error">{t('healthExpired')}</p> : <QrCode text={held.code} label={t('myHealthCode')} />}
      <div class="health-clock" aria-live="off">{now.toLocaleString()}</div>
      <div class="health-times">
        {t('issuedAt')} {new Date(held.issuedAt).toLocaleString()} · {t('validUntil')} {new Date(held.expires).toLocaleString()}
      </div>
    </section>
  );
}
