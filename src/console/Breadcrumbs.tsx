/** Where in the city a page looks, from the user's root down, each step a link to the same page one level up. */
import type { Me } from '../core/consoleWire.ts';
import type { Overview } from '../core/consoleFigures.ts';
import { useT } from '../ui/i18n.ts';
import { useLoad } from './useLoad.ts';
import { go, hrefOf, queryOf, type Page, type Where } from './where.ts';

export function Breadcrumbs({ me, where, page, trail }: { me: Me; where: Where; page: Page; trail: Overview['trail'] }) {
  const t = useT();
  const href = (scope: Where['scope']) => hrefOf(page, scope, where.from, where.to);
  const steps: Array<{ scope: Where['scope']; name: string }> = [
    // An admin's root is the whole city, above every area of the trail.
    ...(me.area === null && me.place === null ? [{ scope: null, name: t('wholeCity') }] : []),
    ...trail.map((s) => ({ scope: { kind: s.kind, id: s.id }, name: s.name })),
  ];
  return (
    <nav aria-label={t('breadcrumbs')}>
      <ol class="breadcrumbs">
        {steps.map((step, i) => (
          <li key={step.scope?.id ?? ''}>
            {i < steps.length - 1
              ? <a href={href(step.scope)} onClick={(e) => go(e, href(step.scope))}>{step.name}</a>
              : <span aria-current="location">{step.name}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The breadcrumbs of a page that has no figures of its own to take the trail from (tablets, alerts, export). */
export function ScopeTrail({ me, where, page }: { me: Me; where: Where; page: Page }) {
  const overview = useLoad<Overview>(`/console/figures?${queryOf(where.scope)}`);
  return overview.data ? <Breadcrumbs me={me} where={where} page={page} trail={overview.data.trail} /> : null;
}
