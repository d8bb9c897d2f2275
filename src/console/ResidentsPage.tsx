/** 居民: the residents of the area in scope for its lead (and hq, admin): who to call on first, their requests, and re-binding a phone. */
import type { Me } from '../core/consoleWire.ts';
import type { ResidentList } from '../core/residentWire.ts';
import { hasRight } from '../core/roles.ts';
import { useT } from '../ui/i18n.ts';
import { ArrivalsSection } from './ArrivalsSection.tsx';
import { ScopeTrail } from './Breadcrumbs.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { RebindPanel } from './RebindPanel.tsx';
import { ResidentRequests } from './ResidentRequests.tsx';
import { byUrgency, ResidentsTable } from './ResidentsTable.tsx';
import { useLoad } from './useLoad.ts';
import type { Where } from './where.ts';

export function ResidentsPage({ me, where }: { me: Me; where: Where }) {
  const t = useT();
  // Residents belong to areas (their community): a place or checkpoint in the address shows the user's own subtree.
  const area = where.scope?.kind === 'area' ? where.scope.id : null;
  const list = useLoad<ResidentList>(`/console/residents${area ? `?${new URLSearchParams({ area }).toString()}` : ''}`);
  const mayWrite = hasRight(me.user.role, 'residents.write');
  const rows = [...(list.data?.rows ?? [])].sort(byUrgency);
  return (
    <section aria-labelledby="residents-title">
      <h2 id="residents-title">{t('residentsTitle')}</h2>
      <ScopeTrail me={me} where={where} page="residents" />
      <p class="hint">{t('residentsHint')}</p>
      <ErrorLine error={list.error} />
      {list.loading && <p role="status">{t('loading')}</p>}
      {list.data && rows.length === 0 && <p>{t('residentsNone')}</p>}
      {rows.length > 0 && <ResidentsTable rows={rows} />}
      {list.data && <ResidentRequests requests={list.data.requests} mayClose={mayWrite} onClosed={list.reload} />}
      <ArrivalsSection area={area} mayWithdraw={mayWrite} />
      {mayWrite && <RebindPanel />}
    </section>
  );
}
