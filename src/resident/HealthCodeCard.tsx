/** A held health code: the QR inside a frame of its colour, whose it is (name, birth date), why, the issue time and a live clock, so a screenshot shows. */
import { calendarDay, endOfDay } from '../core/calendar.ts';
import { maskIdNumber } from '../core/idNumber.ts';
import type { HeldHealthCode } from '../store/resident.ts';
import { formatFullDateTime, formatTime } from '../ui/dates.ts';
import { useT, type Translate } from '../ui/i18n.ts';
import { useClock } from '../ui/useClock.ts';
import { QrCode } from '../ui/QrCode.tsx';

/** The phone's zone: the day a resident lives by, and the one the server's TIME_ZONE names where they live. */
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "有效至今日24时" for a code that ends with today, as codes do; otherwise the time it ends. */
function validity(expires: string, now: Date, t: Translate): string {
  const today = calendarDay(now, zone());
  if (Date.parse(expires) === endOfDay(today, zone()).getTime()) return t('validToday');
  const sameDay = calendarDay(new Date(expires), zone()) === today;
  return `${t('validUntil')} ${sameDay ? formatTime(expires, t.language) : formatFullDateTime(expires, t.language)}`;
}

export function HealthCodeCard({ held, reasons = [] }: { held: HeldHealthCode; reasons?: readonly string[] }) {
  const t = useT();
  // Seconds tick: a screenshot's clock stands still, a live code's does not.
  const now = useClock(1000);
  const expired = now.getTime() > Date.parse(held.expires);
  return (
    <section class={`health-card colour-frame-${held.colour}`} data-colour={held.colour} data-expired={String(expired)} data-person={held.id}
      aria-label={`${held.name} · ${t('myHealthCode')}`}>
      <div class="health-colour">{t.any(`seen-${held.colour}`)}</div>
      <div class="health-name">{held.name} <span class="health-id">{maskIdNumber(held.id)}</span></div>
      <div class="health-born">{t('birthDate')} {held.birthDate}</div>
      {reasons.length > 0 && <p class="health-reasons" data-reasons>{t('whyColour')}: {reasons.map((r) => t.any(r)).join('；')}</p>}
      {expired ? <p class="error">{t('healthExpired')}</p> : <QrCode text={held.code} label={t('myHealthCode')} />}
      <div class="health-clock" aria-live="off">{formatTime(now, t.language)}</div>
      <div class="health-times" data-validity>
        {t('issuedAt')} {formatFullDateTime(held.issuedAt, t.language)} · {validity(held.expires, now, t)}
      </div>
    </section>
  );
}
