/** A person's contacts (密接, issue #16): whoever was inside the same place at the same time, or passed a gate without exits close in time; a second level on request. */
import { findContacts, MINUTE_MS, rankContacts, type ContactFound } from '../../core/trace.ts';
import { localMinute, type Span } from '../../core/traceQuery.ts';
import { MAX_CONTACT_PASSAGES, MAX_EXPANDED_CONTACTS, MAX_TRACE_PASSAGES, type Contact, type Contacts } from '../../core/traceWire.ts';
import type { TraceCity, TraceRow } from '../storage/trace.ts';
import { namesOf, OPEN_MS, PassageBudget, placed, rulesOf, type PlacedRow, type TraceReader } from './trails.ts';

export interface ContactsAsked {
  personId: string;
  since: string;
  until: string;
  span: Span;
  windowMinutes: number;
  depth: 1 | 2;
}

/** Intervals merged where they touch or overlap, oldest first. */
function merged(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.fromMs - b.fromMs)) {
    const last = out.at(-1);
    if (last && s.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, s.toMs);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Everyone's passages at the places these persons went, around each of their passages there within `span`: far enough
 * (the open-stay bound and the window, each way) for every stay that could overlap theirs to pair. One read per place
 * and merged interval, through the `entries_by_time` index.
 */
async function passagesAround(budget: PassageBudget, own: readonly PlacedRow[], city: TraceCity, span: Span, windowMs: number): Promise<TraceRow[]> {
  const reach = OPEN_MS + windowMs;
  const byPlace = new Map<string, Span[]>();
  for (const p of own) {
    if (p.atMs < span.fromMs - OPEN_MS || p.atMs >= span.toMs + OPEN_MS) continue;
    const list = byPlace.get(p.placeId) ?? [];
    list.push({ fromMs: Math.max(p.atMs - reach, span.fromMs - reach), toMs: Math.min(p.atMs + reach, span.toMs + reach) + 1 });
    byPlace.set(p.placeId, list);
  }
  const rows: TraceRow[] = [];
  for (const [placeId, spans] of byPlace) {
    const checkpointIds = city.places.get(placeId)?.checkpointIds ?? [];
    for (const s of merged(spans)) rows.push(...(await budget.read({ checkpointIds, sinceMs: s.fromMs, untilMs: s.toMs })));
  }
  return rows;
}

/** The contacts of one person among `others` (their own rows apart), from `notBeforeMs` on. */
function contactsOf(personId: string, own: readonly PlacedRow[], others: readonly PlacedRow[], city: TraceCity, asked: ContactsAsked, notBeforeMs: number, exclude: ReadonlySet<string>): ContactFound[] {
  const passages = [...own, ...others.filter((r) => r.personId !== personId)];
  const rules = { ...rulesOf(city), windowMs: asked.windowMinutes * MINUTE_MS, fromMs: Math.max(asked.span.fromMs, notBeforeMs), untilMs: asked.span.toMs };
  return findContacts(personId, passages, rules, exclude);
}

/**
 * First level: findContacts over the person's trail and everyone's passages around it. Second level (depth 2): the same
 * for each first-level contact (the MAX_EXPANDED_CONTACTS closest), counting only their time from their first meeting
 * with the person on, since what they pass on they caught there; each second-level contact once, through the
 * first-level contact they spent longest with. All reads within the subtree of the reader and within one budget.
 */
export async function personContacts(reader: TraceReader, asked: ContactsAsked): Promise<Contacts> {
  const { span, personId } = asked;
  const windowMs = asked.windowMinutes * MINUTE_MS;
  const trail = new PassageBudget(reader, MAX_TRACE_PASSAGES);
  const around = new PassageBudget(reader, MAX_CONTACT_PASSAGES);
  const ownRows = await trail.read({ personIds: [personId], sinceMs: span.fromMs - OPEN_MS, untilMs: span.toMs + OPEN_MS });
  const city = await reader.storage.traceCity({ checkpointIds: ownRows.map((r) => r.checkpointId) });
  const own = placed(ownRows, city);
  const others = placed(await passagesAround(around, own, city, span, windowMs), city);
  const first = contactsOf(personId, own, others, city, asked, span.fromMs, new Set());
  const names = namesOf([...own, ...others]);

  let second: Array<{ found: ContactFound; via: ContactFound }> = [];
  let expandedAll = true;
  if (asked.depth === 2 && first.length > 0) {
    const expanded = first.slice(0, MAX_EXPANDED_CONTACTS);
    expandedAll = expanded.length === first.length;
    const theirRows = await trail.read({ personIds: expanded.map((c) => c.personId), sinceMs: span.fromMs - OPEN_MS, untilMs: span.toMs + OPEN_MS });
    const more = await reader.storage.traceCity({ checkpointIds: theirRows.map((r) => r.checkpointId) });
    for (const [id, place] of more.places) city.places.set(id, place);
    for (const [id, gate] of more.checkpoints) city.checkpoints.set(id, gate);
    const theirs = placed(theirRows, city);
    const near = placed(await passagesAround(around, theirs, city, span, windowMs), city);
    for (const [id, name] of namesOf([...theirs, ...near])) if (!names.has(id)) names.set(id, name);
    const exclude = new Set([personId, ...first.map((c) => c.personId)]);
    const best = new Map<string, { found: ContactFound; via: ContactFound }>();
    for (const via of expanded) {
      const ownOfVia = theirs.filter((r) => r.personId === via.personId);
      const since = via.meetings[0]?.fromMs ?? span.fromMs;
      for (const found of contactsOf(via.personId, ownOfVia, near, city, asked, since, exclude)) {
        const known = best.get(found.personId);
        if (!known || rankContacts(found, known.found) < 0) best.set(found.personId, { found, via });
      }
    }
    second = [...best.values()].sort((a, b) => rankContacts(a.found, b.found));
  }

  const toContact = (found: ContactFound, level: 1 | 2, via: string | null): Contact => ({
    personId: found.personId, name: names.get(found.personId) ?? null, level, overlapMinutes: Math.round(found.overlapMs / MINUTE_MS), via,
    meetings: found.meetings.map((m) => ({
      placeId: m.placeId, placeName: city.places.get(m.placeId)?.name ?? m.placeId,
      from: new Date(m.fromMs).toISOString(), to: new Date(m.toMs).toISOString(),
      fromLocal: localMinute(m.fromMs, reader.timeZone), toLocal: localMinute(m.toMs, reader.timeZone),
      kind: m.kind, minutes: m.kind === 'stay' ? Math.round((m.toMs - m.fromMs) / MINUTE_MS) : 0,
    })),
  });
  return {
    personId, since: asked.since, until: asked.until, windowMinutes: asked.windowMinutes, depth: asked.depth,
    timeZone: reader.timeZone, retainedFrom: await reader.storage.retainedSince(),
    truncated: trail.truncated || around.truncated || !expandedAll,
    contacts: [...first.map((c) => toContact(c, 1, null)), ...second.map(({ found, via }) => toContact(found, 2, via.personId))],
  };
}
