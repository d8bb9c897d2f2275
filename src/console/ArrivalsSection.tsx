/** 来人登记 on the 居民 page (issue #20): who registered their arrival to the area's communities, newest first, their category and until when, withdrawing a false one; and the arrival poster to print. */
import { useState } from 'preact/hooks';
import type { ArrivalList, ConsoleArrival } from '../core/arrivalWire.ts';
import { keyPersonCategoryName } from '../core/keyPersons.ts';
import { useT } from '../ui/i18n.ts';
import { ConsoleError, networkError, send } from './api.ts';
import { ArrivalWithdraw } from './ArrivalWithdraw.tsx';
import { saveDownload } from './download.ts';
import { ErrorLine } from './ErrorLine.tsx';
import { useLoad } from './useLoad.ts';

export function ArrivalsSection({ area, mayWithdraw }: { area: string | null; mayWithdraw: boolean }) {
  const t = useT();
  const query = area ? `?${new URLSearchParams({ area }).toString()}` : '';
  const list = useLoad<ArrivalList>(`/console/arrivals${query}`);
  const [posterError, setPosterError] = useState<ConsoleError | null>(null);
  // Rows withdrawn here since the list came, shown as the server now has them.
  const [changed, setChanged] = useState<ReadonlyMap<string, ConsoleArrival>>(new Map());
  const arrivals = (list.data?.arrivals ?? []).map((a) => changed.get(a.arrivalId) ?? a);

  const poster = async () => {
    setPosterError(null);
    try {
      await saveDownload(await send('GET', `/console/arrival-poster${query}`), 'kadian-arrive.html');
    } catch (e) {
      setPosterError(e instanceof ConsoleError ? e : networkError());
    }
  };

  return (
    <section class="arrivals" aria-labelledby="arrivals-title">
      <h3 id="arrivals-title">{t('arrivalsTitle')}</h3>
      <p class="hint">{t('arrivalsHint')}</p>
      <ErrorLine error={list.error} />
      {list.data && arrivals.length === 0 && <p>{t('arrivalsNone')}</p>}
      {arrivals.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="arrivals-caption">
          <table class="residents-table arrivals-table">
            <caption id="arrivals-caption">{t('arrivalsTitle')} · {arrivals.length}</caption>
            <thead>
              <tr><th scope="col">{t('name')}</th><th scope="col">{t('arrivalFrom')}</th><th scope="col">{t('receiptCategory')}</th></tr>
            </thead>
            <tbody>
              {arrivals.map((a) => (
                <tr key={a.arrivalId} data-arrival={a.arrivalId} data-active={String(a.active)} data-withdrawn={String(a.withdrawn !== null)} data-flagged={String(a.healthYes.length > 0)}>
                  <th scope="row">
                    <span class="resident-name">{a.name}</span>
                    <span class="resident-sub">{a.personId} · <a href={`tel:${a.phone.replace(/[^0-9+]/g, '')}`}>{a.phone}</a></span>
                    <span class="resident-sub">{a.areaNames.at(-1) ?? ''} · {a.address}</span>
                  </th>
                  <td>
                    {a.fromProvince} {a.fromCity}
                    <span class="resident-sub">{t('arrivalDayCol')} {a.arrivalDay} · {t.any(`means-${a.means}`)}{a.meansDetail ? ` ${a.meansDetail}` : ''}</span>
                  </td>
                  <td class="flags">
                    {a.withdrawn !== null ? (
                      <span class="arrival-withdrawn">
                        <span class="tag tone-muted">{t('arrivalWithdrawn')}</span>
                        <span class="resident-sub">{a.withdrawn.reason} · {a.withdrawn.byName}</span>
                      </span>
                    ) : a.category === null ? <span class="kind">{t('receiptNoCategory')}</span> : (
                      <span class={`tag tone-${a.active ? 'check' : 'muted'}`} data-category={a.category}>
                        {keyPersonCategoryName(a.category, t.language)} · {a.active ? `${t('receiptUntil')} ${a.until ?? ''}` : t('arrivalEnded')}
                      </span>
                    )}
                    {a.healthYes.map((q) => <span key={q} class="tag tone-stop" data-flag={q}>{t.any(`health-${q}`)}</span>)}
                    {mayWithdraw && a.withdrawn === null && <ArrivalWithdraw arrival={a} onDone={(w) => setChanged((m) => new Map(m).set(w.arrivalId, w))} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button class="secondary" type="button" onClick={() => void poster()}>{t('arrivalPoster')}</button>
      <ErrorLine error={posterError} />
    </section>
  );
}
