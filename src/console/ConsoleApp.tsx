/** The operators' console at /console: signs in, then shows the page the address names, always within the user's own subtree. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Me, Session } from '../core/consoleWire.ts';
import { hasRight, ROLE_NAMES, type Right } from '../core/roles.ts';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { ConsoleError, get, onSignedOut, setCsrf } from './api.ts';
import { AccountPage } from './AccountPage.tsx';
import { AlertsPage } from './AlertsPage.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { ExportPage } from './ExportPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { ResidentsPage } from './ResidentsPage.tsx';
import { RulesPage } from './RulesPage.tsx';
import { SignIn } from './SignIn.tsx';
import { TabletsPage } from './TabletsPage.tsx';
import { TracePage } from './TracePage.tsx';
import { go, hrefOf, useWhere, type Page } from './where.ts';
import './console.css';

const NAV: ReadonlyArray<[Page, 'navOverview' | 'navAlerts' | 'navResidents' | 'navTablets' | 'navExport' | 'navTrace' | 'navRules' | 'myAccount']> = [
  ['overview', 'navOverview'], ['alerts', 'navAlerts'], ['residents', 'navResidents'], ['tablets', 'navTablets'], ['export', 'navExport'], ['trace', 'navTrace'], ['rules', 'navRules'],
  ['account', 'myAccount'],
];

/** Who has a use for a page, by right; a page not named here is everyone's. */
const PAGE_RIGHTS: Partial<Record<Page, readonly Right[]>> = {
  trace: ['entries.trace'], rules: ['policy.write', 'keyPersons.write', 'city.write'], residents: ['residents.read'],
};

/** A page the user's role has no use for is not offered (the server refuses it anyway). */
const offered = (page: Page, me: Me): boolean => PAGE_RIGHTS[page]?.some((right) => hasRight(me.user.role, right)) ?? true;

export function ConsoleApp() {
  const t = useT();
  const where = useWhere();
  // undefined: asking the server who we are; null: nobody signed in.
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [sessionEnded, setSessionEnded] = useState(false);

  const whoAmI = useCallback(() => {
    get<Me>('/console/me').then(
      (m) => { setCsrf(m.csrf); setMe(m); },
      (e: unknown) => {
        if (e instanceof ConsoleError && e.status === 401) setMe(null);
        else setError(e instanceof ConsoleError ? e : null);
      },
    );
  }, []);
  useEffect(() => {
    whoAmI();
    return onSignedOut(() => { setSessionEnded(true); setMe(null); });
  }, [whoAmI]);
  useEffect(() => { document.title = t('consoleTitle'); }, [t]);

  if (me === undefined) return <main class="page"><p role="status">{t('loading')}</p><ErrorLine error={error} /></main>;
  if (me === null) {
    const signedIn = (session: Session) => { setCsrf(session.csrf); setSessionEnded(false); whoAmI(); };
    return <SignIn onSignedIn={signedIn} notice={sessionEnded ? t('sessionEnded') : null} />;
  }

  const page = where.page;
  const scopeHref = (p: Page) => hrefOf(p, p === 'account' ? null : where.scope, where.from, where.to);
  return (
    <div class="console">
      <header class="console-head">
        <h1 class="console-title">{t('consoleTitle')}</h1>
        <p class="console-who">
          {me.user.name} · {ROLE_NAMES[me.user.role][t.language]} · {me.place?.name ?? me.area?.names.join(' / ') ?? t('wholeCity')}
        </p>
        <LanguageButton />
        <nav class="console-nav" aria-label={t('mainNav')}>
          {NAV.filter(([p]) => offered(p, me)).map(([p, word]) => (
            <a key={p} href={scopeHref(p)} aria-current={p === page ? 'page' : undefined} onClick={(e) => go(e, scopeHref(p))}>{t(word)}</a>
          ))}
        </nav>
      </header>
      <main class="console-main">
        {page === 'overview' && <OverviewPage me={me} where={where} />}
        {page === 'alerts' && <AlertsPage me={me} where={where} />}
        {page === 'residents' && offered('residents', me) && <ResidentsPage me={me} where={where} />}
        {page === 'tablets' && <TabletsPage me={me} where={where} />}
        {page === 'export' && <ExportPage me={me} where={where} />}
        {page === 'trace' && offered('trace', me) && <TracePage me={me} where={where} />}
        {page === 'rules' && offered('rules', me) && <RulesPage me={me} where={where} />}
        {page === 'account' && <AccountPage me={me} onSignedOut={() => setMe(null)} />}
      </main>
    </div>
  );
}
