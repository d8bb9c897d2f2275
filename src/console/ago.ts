/** "12 分钟前" · "12 min ago": how old a figure is, in the reader's words. */
import type { Translate } from '../ui/i18n.ts';

export function ago(at: string | null, now: Date, t: Translate): string {
  if (at === null) return t('neverSynced');
  const minutes = Math.floor((now.getTime() - Date.parse(at)) / 60_000);
  // A tablet clock a little ahead of the server's still reads as now, never as "in 2 minutes".
  if (minutes < 1) return t('justNow');
  if (minutes < 60) return `${minutes} ${t('minutesAgo')}`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} ${t('hoursAgo')}`;
  return `${Math.floor(minutes / 1440)} ${t('daysAgo')}`;
}
