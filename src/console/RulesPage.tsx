/** Rules and lists (规则与名单): a place's or checkpoint's rules edited and their history, its key-person lists uploaded, and enrolment sheets printed, within the user's subtree. */
import { useMemo, useState } from 'preact/hooks';
import type { Rules } from '../core/consoleRules.ts';
import type { Checkpoints, Me } from '../core/consoleWire.ts';
import { hasRight } from '../core/roles.ts';
import { useT } from '../ui/i18n.ts';
import { ScopeTrail } from './Breadcrumbs.tsx';
import { EnrolSheetPanel } from './EnrolSheetPanel.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { KeyPersonPanel } from './KeyPersonPanel.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { PolicyHistory } from './PolicyHistory.tsx';
import { useLoad } from './useLoad.ts';
import { go, hrefOf, queryOf, type Scope, type Where } from './where.ts';

interface PlaceGates {
  id: string;
  name: string;
  area: string;
  gates: Checkpoints['checkpoints'];
}

/** The places under an area, each with its gates: rules and lists are changed a place, or a checkpoint, at a time. */
function GatePicker({ where }: { where: Where }) {
  const t = useT();
  const area = where.scope?.kind === 'area' ? where.scope : null;
  const list = useLoad<Checkpoints>(`/console/checkpoints?${queryOf(area)}`);
  const places = useMemo(() => {
    const byPlace = new Map<string, PlaceGates>();
    for (const c of list.data?.checkpoints ?? []) {
      const place = byPlace.get(c.placeId) ?? { id: c.placeId, name: c.placeName, area: c.areaPath.at(-1) ?? '', gates: [] };
      place.gates.push(c);
      byPlace.set(c.placeId, place);
    }
    return [...byPlace.values()];
  }, [list.data]);
  const link = (scope: Scope) => hrefOf('rules', scope);
  return (
    <nav class="gate-picker" aria-labelledby="picker-title">
      <p id="picker-title">{t('rulesChoose')}</p>
      <ErrorLine error={list.error} />
      {list.data && places.length === 0 && <p>{t('scope-empty')}</p>}
      <ul class="places">
        {places.map((p) => (
          <li key={p.id}>
            <a class="place-link" href={link({ kind: 'place', id: p.id })} onClick={(e) => go(e, link({ kind: 'place', id: p.id }))}>
              {p.name} <span class="kind">{p.area} · {t('kindPlace')}</span>
            </a>
            <ul class="gates">
              {p.gates.map((g) => (
                <li key={g.id}><a href={link({ kind: 'checkpoint', id: g.id })} onClick={(e) => go(e, link({ kind: 'checkpoint', id: g.id }))}>{g.name}</a></li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** One place's or checkpoint's rules, history and lists; `query` names it (empty: a lead's own place). */
function GateRules({ me, query }: { me: Me; query: string }) {
  const t = useT();
  const loaded = useLoad<Rules>(`/console/rules?${query}`);
  // The rules as a save answered them, until the address changes (the page keys this by it).
  const [saved, setSaved] = useState<Rules | null>(null);
  const rules = saved ?? loaded.data;
  if (!rules) return loaded.error ? <ErrorLine error={loaded.error} /> : <p role="status">{t('loading')}</p>;
  return (
    <>
      <h3 class="gate-title">{rules.name} <span class="kind">{rules.kind === 'place' ? t('kindPlace') : t('kindCheckpoint')}</span></h3>
      {rules.checkpoints.length === 0 && <p>{t('scope-empty')}</p>}
      <PolicyEditor rules={rules} query={query} editable={hasRight(me.user.role, 'policy.write')} onSaved={setSaved} />
      <PolicyHistory rules={rules} />
      <KeyPersonPanel query={query} mayUpload={hasRight(me.user.role, 'keyPersons.write')} />
    </>
  );
}

export function RulesPage({ me, where }: { me: Me; where: Where }) {
  const t = useT();
  const { scope } = where;
  // A lead of one place who names nothing is about their place, as the server takes it.
  const gate = scope?.kind === 'place' || scope?.kind === 'checkpoint' || (scope === null && me.user.placeId !== null);
  const query = queryOf(scope);
  return (
    <section class="rules-page" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('navRules')}</h2>
      <ScopeTrail me={me} where={where} page="rules" />
      {gate ? <GateRules key={query} me={me} query={query} /> : <GatePicker where={where} />}
      {hasRight(me.user.role, 'city.write') && <EnrolSheetPanel where={where} />}
    </section>
  );
}
