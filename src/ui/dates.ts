/** Times and dates in the app's language (never the browser's locale), on the tablet's own clock and zone. */
import type { Language } from '../core/catalogue.ts';

const LOCALES: Record<Language, string> = { zh: 'zh-CN', en: 'en-GB' };

type Style = 'time' | 'dateTime' | 'fullDateTime';

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  dateTime: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  fullDateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};

// A formatter costs far more to make than to use, and the log draws a time on every row.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatted(at: string | number | Date, language: Language, style: Style): string {
  const key = `${language}:${style}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(LOCALES[language], OPTIONS[style])));
  return f.format(typeof at === 'object' ? at : new Date(at));
}

/** 09:30:05 */
export const formatTime = (at: string | number | Date, language: Language): string => formatted(at, language, 'time');
/** 11月30日 09:30:05 · 30 Nov, 09:30:05 */
export const formatDateTime = (at: string | number | Date, language: Language): string => formatted(at, language, 'dateTime');
/** 2026年11月30日 09:30 · 30 Nov 2026, 09:30 */
export const formatFullDateTime = (at: string | number | Date, language: Language): string => formatted(at, language, 'fullDateTime');

/** "12 分钟前" / "12 min ago": the age of what the tablet holds, in the largest whole unit. */
export function formatAge(ms: number, language: Language): string {
  const minutes = Math.floor(ms / 60_000);
  if (language === 'zh') return minutes < 1 ? '刚刚' : minutes < 60 ? `${minutes}分钟前` : `${Math.floor(minutes / 60)}小时前`;
  return minutes < 1 ? 'just now' : minutes < 60 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ago`;
}
