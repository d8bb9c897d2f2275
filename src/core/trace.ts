/** Tracing's pure part (issue #16): passages paired into stays per place, a place's visitors in a window, and whom a person's stays met. */
import type { Direction, Verdict } from './entry.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/** What pairing needs of a passage; the server's rows carry more, and come back as they went in. */
export interface TracePoint {
  atMs: number;
  /** Null: another system's code tapped by colour, with no ID number: never paired, never a contact. */
  personId: string | null;
  placeId: string;
  direction: Direction;
  verdict: Verdict;
}

/** A time one person was inside one place: the passages that bound it, and the interval counted as inside. */
export interface StaySpan<P extends TracePoint> {
  personId: string;
  placeId: string;
  /** Null: an exit with no entry before it. */
  entry: P | null;
  /** Null: no exit logged (open). */
  exit: P | null;
  /** The entry, or for an exit without one the exit less `openMs` (not before the previous stay there ended). */
  fromMs: number;
  /** The exit, or for an open stay the entry plus `openMs` (not after the next entry there). */
  toMs: number;
}

export interface PairingRules {
  /** How long an entry without its exit, or an exit without its entry, counts as inside. */
  openMs: number;
  /** Whether any gate of the place logs exits; where none does, passages stay passages and make no stays. */
  logsExits(placeId: string): boolean;
}

const byTime = <P extends TracePoint>(a: P, b: P): number => a.atMs - b.atMs;

/**
 * Each person's passages at each place that logs exits, paired in time order: an entry and the next exit at any gate of
 * the same place make a stay (across midnight as any other). A stopped scan neither opens nor closes one: the gate
 * refused the person. An entry followed by another entry there is an open stay ending at the second; an entry never
 * followed by an exit stays open for `openMs`. Oldest first.
 */
export function pairStays<P extends TracePoint>(passages: readonly P[], rules: PairingRules): Array<StaySpan<P>> {
  const runs = new Map<string, { personId: string; placeId: string; passages: P[] }>();
  for (const p of [...passages].sort(byTime)) {
    if (p.personId === null || p.verdict === 'stop' || !rules.logsExits(p.placeId)) continue;
    const key = `${p.personId}\u0000${p.placeId}`;
    const run = runs.get(key);
    if (run) run.passages.push(p);
    else runs.set(key, { personId: p.personId, placeId: p.placeId, passages: [p] });
  }
  const stays: Array<StaySpan<P>> = [];
  for (const { personId, placeId, passages: run } of runs.values()) {
    let open: P | null = null;
    let lastEnd = -Infinity;
    const add = (entry: P | null, exit: P | null, fromMs: number, toMs: number): void => {
      stays.push({ personId, placeId, entry, exit, fromMs, toMs });
      lastEnd = toMs;
    };
    for (const p of run) {
      if (p.direction === 'in') {
        if (open) add(open, null, open.atMs, Math.min(open.atMs + rules.openMs, p.atMs));
        open = p;
      } else if (open) {
        add(open, p, open.atMs, p.atMs);
        open = null;
      } else {
        add(null, p, Math.max(p.atMs - rules.openMs, lastEnd), p.atMs);
      }
    }
    if (open) add(open, null, open.atMs, open.atMs + rules.openMs);
  }
  return stays.sort((a, b) => a.fromMs - b.fromMs || a.personId.localeCompare(b.personId));
}

/** Whether the interval [fromMs, toMs) and the span share some time. */
export const overlaps = (span: { fromMs: number; toMs: number }, fromMs: number, toMs: number): boolean => span.fromMs < toMs && span.toMs > fromMs;

export interface VisitorFound<P extends TracePoint> {
  personId: string;
  /** Their passages that count (at the place or the checkpoint asked for) within the window, oldest first. */
  passages: P[];
  /** Their stays there that share time with the window, oldest first. */
  stays: Array<StaySpan<P>>;
  /** Counted inside at the window's start: a stay that began before it. */
  insideBefore: boolean;
}

/**
 * Everyone who passed, or was inside, within [fromMs, toMs): `passages` are the place's, read from `openMs` before the
 * window to `openMs` after it so stays that cross its edges pair up. `counts` narrows to one checkpoint: its passages,
 * and stays entered or left through it. Ordered by the first passage or stay, then ID number.
 */
export function findVisitors<P extends TracePoint>(
  passages: readonly P[], rules: PairingRules, fromMs: number, toMs: number, counts: (p: P) => boolean = () => true,
): Array<VisitorFound<P>> {
  const found = new Map<string, VisitorFound<P>>();
  const of = (personId: string): VisitorFound<P> => {
    let v = found.get(personId);
    if (!v) found.set(personId, (v = { personId, passages: [], stays: [], insideBefore: false }));
    return v;
  };
  for (const p of [...passages].sort(byTime)) {
    if (p.personId !== null && p.atMs >= fromMs && p.atMs < toMs && counts(p)) of(p.personId).passages.push(p);
  }
  for (const s of pairStays(passages, rules)) {
    const through = (s.entry !== null && counts(s.entry)) || (s.exit !== null && counts(s.exit));
    if (!through || !overlaps(s, fromMs, toMs)) continue;
    const v = of(s.personId);
    v.stays.push(s);
    if (s.fromMs < fromMs) v.insideBefore = true;
  }
  const first = (v: VisitorFound<P>): number => Math.min(v.passages[0]?.atMs ?? Infinity, v.stays[0]?.fromMs ?? Infinity);
  return [...found.values()].sort((a, b) => first(a) - first(b) || a.personId.localeCompare(b.personId));
}

export interface MeetingSpan {
  placeId: string;
  fromMs: number;
  toMs: number;
  /** 'stay': inside together; 'passage': passed within ± the window where only entries exist. */
  kind: 'stay' | 'passage';
}

export interface ContactFound {
  personId: string;
  /** Time inside together, over all meetings. */
  overlapMs: number;
  /** Oldest first. */
  meetings: MeetingSpan[];
}

export interface ContactRules extends PairingRules {
  /** Where only entries exist, passages this close in time are a meeting. */
  windowMs: number;
  /** Only time within [fromMs, untilMs) counts: the query's range (for a second level, from the first meeting on). */
  fromMs: number;
  untilMs: number;
}

/** Longest together first, then most meetings, then the earliest, then ID number: the same order every time. */
export function rankContacts(a: ContactFound, b: ContactFound): number {
  return b.overlapMs - a.overlapMs || b.meetings.length - a.meetings.length
    || (a.meetings[0]?.fromMs ?? 0) - (b.meetings[0]?.fromMs ?? 0) || a.personId.localeCompare(b.personId);
}

/**
 * Whom `personId` met, from their passages and everyone's at the places they went (read wide enough for stays to pair):
 * another's stay at the same place that overlapped one of theirs, for the time both were inside; or, at a place whose
 * gates log no exits, another's passage within ± `windowMs` of one of theirs. Stopped scans meet no one (the person was
 * turned away). Nobody in `exclude` is a contact. Ranked by rankContacts.
 */
export function findContacts<P extends TracePoint>(personId: string, passages: readonly P[], rules: ContactRules, exclude: ReadonlySet<string> = new Set()): ContactFound[] {
  const { fromMs, untilMs, windowMs } = rules;
  const met = new Map<string, MeetingSpan[]>();
  const meet = (other: string, meeting: MeetingSpan): void => {
    const list = met.get(other);
    if (list) list.push(meeting);
    else met.set(other, [meeting]);
  };
  const isOther = (id: string | null): id is string => id !== null && id !== personId && !exclude.has(id);

  const stays = pairStays(passages, rules);
  const own = stays.filter((s) => s.personId === personId && overlaps(s, fromMs, untilMs));
  for (const mine of own) {
    for (const theirs of stays) {
      if (theirs.placeId !== mine.placeId || !isOther(theirs.personId)) continue;
      const lo = Math.max(mine.fromMs, theirs.fromMs, fromMs);
      const hi = Math.min(mine.toMs, theirs.toMs, untilMs);
      if (hi > lo) meet(theirs.personId, { placeId: mine.placeId, fromMs: lo, toMs: hi, kind: 'stay' });
    }
  }

  const points = passages.filter((p) => p.verdict !== 'stop' && !rules.logsExits(p.placeId));
  for (const mine of points) {
    if (mine.personId !== personId || mine.atMs < fromMs || mine.atMs >= untilMs) continue;
    for (const theirs of points) {
      if (theirs.placeId !== mine.placeId || !isOther(theirs.personId) || Math.abs(theirs.atMs - mine.atMs) > windowMs) continue;
      meet(theirs.personId, { placeId: mine.placeId, fromMs: Math.min(mine.atMs, theirs.atMs), toMs: Math.max(mine.atMs, theirs.atMs), kind: 'passage' });
    }
  }

  return [...met.entries()].map(([id, meetings]): ContactFound => ({
    personId: id,
    overlapMs: meetings.reduce((sum, m) => sum + (m.kind === 'stay' ? m.toMs - m.fromMs : 0), 0),
    meetings: meetings.sort((a, b) => a.fromMs - b.fromMs || a.toMs - b.toMs),
  })).sort(rankContacts);
}
