/** The volunteer's language (saved, Chinese unless they chose English) and the hook that speaks it; the words are core/catalogue.ts. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { say, sayAny, type CatalogueKey, type Language } from '../core/catalogue.ts';

export const LANGUAGE_KEY = 'kadian-language';

/** The saved choice, else Chinese: the gates are in China. */
export function initialLanguage(): Language {
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh';
}

export const LanguageContext = createContext<{ language: Language; setLanguage: (l: Language) => void }>({
  language: 'zh',
  setLanguage: () => undefined,
});

/** `t(key)` in the current language, key typed; `t.any(key)` for a key from outside the types (a stored reason, a server's error name). */
export interface Translate {
  (key: CatalogueKey): string;
  /** An unknown key (from a newer server, say) is shown as itself. */
  any(key: string): string;
  /** The language it speaks: dates and numbers follow it, not the browser's locale. */
  readonly language: Language;
}

function translator(language: Language): Translate {
  return Object.assign((key: CatalogueKey) => say(key, language), { any: (key: string) => sayAny(key, language), language });
}

/** One per language, so `t` keeps its identity between renders (it sits in hooks' dependency lists). */
const TRANSLATORS: Record<Language, Translate> = { zh: translator('zh'), en: translator('en') };

export function useT(): Translate {
  return TRANSLATORS[useContext(LanguageContext).language];
}
