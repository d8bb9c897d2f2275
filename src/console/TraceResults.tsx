/** A trace's answer as tables with captions: a person's passages and stays, a place's visitors, a person's contacts. */
import type { Contacts, Passage, PersonTrail, PlaceVisitors, Stay } from '../core/traceWire.ts';
import { useT } from '../ui/i18n.ts';

/** A time in the server's zone as the answer gives it, or the words for a side that was not logged. */
function Side({ local, missing }: { local: string | null; missing: 'traceOpen' | 'traceNoEntry' }) {
  const t = useT();
  return local === null ? <em>{t(missing)}</em> : <>{local}</>;
}

function PassageTable({ passages, withPerson }: { passages: Passage[]; withPerson: boolean }) {
  const t = useT();
  if (passages.length === 0) return <p>{t('traceNothing')}</p>;
  return (
    <div class="table-scroll">
      <table class="trace-table" data-table="passages">
        <caption>{t('tracePassages')} ({passages.length})</caption>
        <thead>
          <tr>
            <th scope="col">{t('traceTime')}</th>
            {withPerson && <th scope="col">{t('tracePerson')}</th>}
            <th scope="col">{t('tracePlace')}</th><th scope="col">{t('traceGate')}</th><th scope="col">{t('traceArea')}</th>
            <th scope="col">{t('traceDirection')}</th><th scope="col">{t('traceVerdict')}</th><th scope="col">{t('traceColour')}</th>
            <th scope="col">{t('traceTemperature')}</th><th scope="col">{t('traceOperator')}</th>
          </tr>
        </thead>
        <tbody>
          {passages.map((p) => (
            <tr key={`${p.checkpointId}${p.at}${p.personId ?? ''}`}>
              <td>{p.local}</td>
              {withPerson && <td>{p.name ? `${p.name} ` : ''}{p.personId}</td>}
              <td>{p.placeName}</td><td>{p.checkpointName}</td><td>{p.areaPath.map((a) => a.name).join(' / ')}</td>
              <td>{t.any(`cell.${p.direction}`)}</td><td>{t.any(`cell.${p.verdict}`)}</td><td>{p.colour ? t.any(`cell.${p.colour}`) : ''}</td>
              <td>{p.temperature ?? ''}</td><td>{p.operator ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StayTable({ stays }: { stays: Stay[] }) {
  const t = useT();
  if (stays.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="trace-table" data-table="stays">
        <caption>{t('traceStays')} ({stays.length})</caption>
        <thead><tr><th scope="col">{t('tracePlace')}</th><th scope="col">{t('traceEntered')}</th><th scope="col">{t('traceLeft')}</th></tr></thead>
        <tbody>
          {stays.map((s) => (
            <tr key={`${s.placeId}${s.from ?? ''}${s.to ?? ''}`}>
              <td>{s.placeName}</td>
              <td><Side local={s.fromLocal} missing="traceNoEntry" /></td>
              <td><Side local={s.toLocal} missing="traceOpen" /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TrailResult({ trail }: { trail: PersonTrail }) {
  return (
    <>
      <StayTable stays={trail.stays} />
      <PassageTable passages={trail.passages} withPerson={false} />
      {(trail.arrivals ?? []).length > 0 && <ArrivalsTraced arrivals={trail.arrivals ?? []} />}
    </>
  );
}

/** The person's arrivals (入市登记, issue #20): when, from where, to which community, listed as what. */
function ArrivalsTraced({ arrivals }: { arrivals: NonNullable<PersonTrail['arrivals']> }) {
  const t = useT();
  return (
    <ul class="traced-arrivals" aria-label={t('arrivalsTitle')} data-table="arrivals">
      {arrivals.map((a) => (
        <li key={a.arrivalId} data-arrival={a.arrivalId}>
          {t('arrivalsTitle')}: {a.arrivalDay} · {t('arrivalFrom')} {a.fromProvince} {a.fromCity} · {t.any(`means-${a.means}`)}{a.meansDetail ? ` ${a.meansDetail}` : ''}
          {' → '}{a.areaNames.join(' / ')}{a.category ? ` · ${t.any(`kp-${a.category}`)}${a.until ? ` (${t('receiptUntil')} ${a.until})` : ''}` : ''}
        </li>
      ))}
    </ul>
  );
}

export function PlaceResult({ visitors }: { visitors: PlaceVisitors }) {
  const t = useT();
  return (
    <>
      {visitors.visitors.length === 0 ? <p>{t('traceNothing')}</p> : (
        <div class="table-scroll">
          <table class="trace-table" data-table="visitors">
            <caption>{t('traceVisitors')} · {visitors.placeName}{visitors.checkpointName ? ` · ${visitors.checkpointName}` : ''} ({visitors.visitors.length})</caption>
            <thead><tr><th scope="col">{t('tracePerson')}</th><th scope="col">{t('traceEntered')}</th><th scope="col">{t('traceLeft')}</th><th scope="col">{t('tracePassages')}</th></tr></thead>
            <tbody>
              {visitors.visitors.map((v) => (
                <tr key={v.personId}>
                  <td>{v.name ? `${v.name} ` : ''}{v.personId}</td>
                  <td>{v.insideBefore ? <em>{t('traceInsideBefore')}</em> : null} <Side local={v.insideFromLocal} missing="traceNoEntry" /></td>
                  <td><Side local={v.insideToLocal} missing="traceOpen" /></td>
                  <td>{v.passages.map((p) => `${p.local.slice(11)} ${t.any(`cell.${p.direction}`)}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {visitors.anonymousPassages > 0 && <p class="hint">{t('traceAnonymous')}{visitors.anonymousPassages}</p>}
    </>
  );
}

export function ContactsResult({ contacts }: { contacts: Contacts }) {
  const t = useT();
  if (contacts.contacts.length === 0) return <p>{t('traceNothing')}</p>;
  return (
    <div class="table-scroll">
      <table class="trace-table" data-table="contacts">
        <caption>{t('traceContacts')} ({contacts.contacts.length})</caption>
        <thead>
          <tr>
            <th scope="col">{t('tracePerson')}</th><th scope="col">{t('traceLevel')}</th><th scope="col">{t('traceVia')}</th>
            <th scope="col">{t('traceOverlap')}</th><th scope="col">{t('traceMeetings')}</th>
          </tr>
        </thead>
        <tbody>
          {contacts.contacts.map((c) => (
            <tr key={c.personId}>
              <td>{c.name ? `${c.name} ` : ''}{c.personId}</td><td>{c.level}</td><td>{c.via ?? ''}</td><td>{c.overlapMinutes}</td>
              <td>{c.meetings.map((m) => `${m.placeName} ${m.fromLocal}–${m.toLocal.slice(11)}`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
