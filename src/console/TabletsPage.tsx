/** Every tablet under the scope: when it last synced, what it still holds, gaps, clock and copied-token signs, silent ones first; revoke, rename, enrol a new one. */
import { useState } from 'preact/hooks';
import type { ConsoleDevice, Devices } from '../core/consoleOps.ts';
import type { Checkpoints, Me } from '../core/consoleWire.ts';
import { hasRight } from '../core/roles.ts';
import { formatDateTime } from '../ui/dates.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, post } from './api.ts';
import { ScopeTrail } from './Breadcrumbs.tsx';
import { EnrolPanel } from './EnrolPanel.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { useLoad } from './useLoad.ts';
import { queryOf, type Where } from './where.ts';

/** Silent ones first, then the longest unseen: the tablets that need someone to go and look. */
const byUrgency = (a: ConsoleDevice, b: ConsoleDevice): number =>
  Number(b.silent) - Number(a.silent) || (a.lastSeenAt ?? '').localeCompare(b.lastSeenAt ?? '');

const skewWords = (ms: number | null): string => (ms === null ? '—' : `${ms >= 0 ? '+' : '−'}${Math.round(Math.abs(ms) / 1000)} s`);

export function TabletsPage({ me, where }: { me: Me; where: Where }) {
  const t = useT();
  const query = queryOf(where.scope);
  const devices = useLoad<Devices>(`/console/devices?${query}`);
  const checkpoints = useLoad<Checkpoints>(where.scope === null || where.scope.kind === 'area' ? `/console/checkpoints?${query}` : null);
  const [changed, setChanged] = useState<Map<string, ConsoleDevice>>(new Map());
  const [confirming, setConfirming] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; label: string } | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const mayChange = hasRight(me.user.role, 'devices.write');
  const mayEnrol = hasRight(me.user.role, 'city.write');

  const change = async (id: string, action: 'revoke' | 'label', body?: unknown) => {
    try {
      const device = await post<ConsoleDevice>(`/console/devices/${encodeURIComponent(id)}/${action}`, body);
      setChanged((m) => new Map(m).set(id, device));
      setError(null);
    } catch (e) {
      if (e instanceof ConsoleError) setError(e);
    }
  };

  const list = (devices.data?.devices ?? []).map((d) => changed.get(d.id) ?? d).sort(byUrgency);
  return (
    <section aria-labelledby="tablets-title">
      <h2 id="tablets-title">{t('navTablets')}</h2>
      <ScopeTrail me={me} where={where} page="tablets" />
      {devices.data && <p class="hint">{t('silentRuleBefore')} {devices.data.silentMinutes} {t('silentRuleAfter')}</p>}
      <ErrorLine error={error ?? devices.error} />
      {devices.data && list.length === 0 && <p>{t('noDevices')}</p>}
      {list.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="tablets-title">
          <table class="tablets">
            <thead>
              <tr>
                <th scope="col">{t('tabletLabel')}</th><th scope="col">{t('checkpoint')}</th><th scope="col">{t('lastSeen')}</th>
                <th scope="col">{t('waitingEntries')}</th><th scope="col">{t('missingSeqs')}</th><th scope="col">{t('clockSkew')}</th><th scope="col" />
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id} data-device={d.id} class={d.revokedAt ? 'revoked' : d.silent ? 'silent' : ''}>
                  <th scope="row">
                    {renaming?.id === d.id ? (
                      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); void change(d.id, 'label', { label: renaming.label }).then(() => setRenaming(null)); }}>
                        <input aria-label={t('tabletLabel')} value={renaming.label} maxLength={100} required onInput={(e) => setRenaming({ id: d.id, label: e.currentTarget.value })} />
                        <button class="secondary" type="submit">{t('save')}</button>
                      </form>
                    ) : (d.label ?? d.id.slice(0, 8))}
                    {d.revokedAt && <span class="tag tone-stop">{t('revoked')}</span>}
                    {!d.revokedAt && d.silent && <span class="tag tone-check">{t('silentTablet')}</span>}
                    {d.conflicts > 0 && <span class="tag tone-stop">{t('copiedToken')} ({d.conflicts})</span>}
                  </th>
                  <td>{d.areaNames.at(-1)} / {d.placeName} / {d.checkpointName}</td>
                  <td>{d.lastSeenAt ? formatDateTime(d.lastSeenAt, t.language) : t('neverSynced')}</td>
                  <td>{d.waiting ?? '—'}</td>
                  <td>{d.missing > 0 ? `${d.missing} (${d.gaps.map((g) => (g.first === g.last ? g.first : `${g.first}–${g.last}`)).join(', ')}${d.gapsTruncated ? '…' : ''})` : 0}</td>
                  <td>{skewWords(d.clockSkewMs)}</td>
                  <td class="row-actions">
                    {mayChange && !d.revokedAt && confirming !== d.id && <button class="secondary" onClick={() => setConfirming(d.id)}>{t('revoke')}</button>}
                    {confirming === d.id && (
                      <span role="alertdialog" aria-label={t('revokeConfirm')} class="confirm">
                        {t('revokeConfirm')}
                        <button class="primary danger" onClick={() => { setConfirming(null); void change(d.id, 'revoke'); }}>{t('confirm')}</button>
                        <button class="secondary" onClick={() => setConfirming(null)}>{t('cancel')}</button>
                      </span>
                    )}
                    {mayChange && renaming?.id !== d.id && <button class="secondary" onClick={() => setRenaming({ id: d.id, label: d.label ?? '' })}>{t('relabel')}</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayEnrol && checkpoints.data && <EnrolPanel checkpoints={checkpoints.data.checkpoints} />}
    </section>
  );
}
