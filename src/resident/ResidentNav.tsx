/** The resident's three pages, as big links under each page's title: household, health code, travel and requests. */
import { useT } from '../ui/i18n.ts';
import { navigate } from '../ui/navigate.ts';

const PAGES = [['/register', 'navHousehold'], ['/health', 'navHealth'], ['/household', 'navTravel']] as const;

export function ResidentNav() {
  const t = useT();
  const here = window.location.pathname;
  return (
    <nav class="resident-nav" aria-label={t('residentNav')}>
      {PAGES.map(([path, word]) => (
        <a key={path} href={path} aria-current={path === here ? 'page' : undefined}
          onClick={(e) => { if (e.button === 0 && !e.metaKey && !e.ctrlKey) { e.preventDefault(); navigate(path); } }}>
          {t(word)}
        </a>
      ))}
    </nav>
  );
}
