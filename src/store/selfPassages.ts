/**
 * A visitor's passages at place posters (扫码登记, issue #20), kept in IndexedDB (idb-keyval) from the tap until the
 * server has them: what was tapped, sent later as it was (same clientId, same time), and what the server answered. The
 * place's name is kept too, so the page opens offline with it once visited. A sent passage keeps no ID number or phone.
 */
import { get, set, update } from 'idb-keyval';
import type { Direction } from '../core/entry.ts';
import type { SelfOutcome } from '../core/selfCheckInWire.ts';

export type PassageState = 'waiting' | 'sent' | 'refused';

export interface KeptPassage {
  clientId: string;
  placeId: string;
  direction: Direction;
  /** The phone's clock at the tap, ISO 8601: sent as it is, however late. */
  at: string;
  /** The person's name as the page shows it. */
  who: string;
  /** What is sent: a household person (with the phone's credential) or the short form; emptied once sent. */
  person: { id: string; household: true } | { id: string; household: false; name: string; phone: string } | null;
  state: PassageState;
  /** When the server answered (sent or refused). */
  answeredAt: string | null;
  outcome: SelfOutcome | null;
  reasons: string[];
  /** The server's error name for a refused one. */
  error: string | null;
}

const PASSAGES = 'kadian-self-passages';
const PLACE_NAMES = 'kadian-poster-places';
const VISITOR = 'kadian-poster-visitor';
/** Answered passages kept to show "sent"; the oldest go first. */
const KEEP_ANSWERED = 20;

export const loadPassages = async (): Promise<KeptPassage[]> => (await get<KeptPassage[]>(PASSAGES)) ?? [];

export const keepPassage = (p: KeptPassage): Promise<void> => update<KeptPassage[]>(PASSAGES, (all = []) => [...all, p]);

/** The server's answer to one passage; the person leaves the phone's copy with it. */
export function settlePassage(clientId: string, answer: Pick<KeptPassage, 'state' | 'answeredAt' | 'outcome' | 'reasons' | 'error'>): Promise<void> {
  return update<KeptPassage[]>(PASSAGES, (all = []) => {
    const settled = all.map((p) => (p.clientId === clientId ? { ...p, ...answer, person: null } : p));
    const answered = settled.filter((p) => p.state !== 'waiting');
    const dropped = new Set(answered.slice(0, Math.max(0, answered.length - KEEP_ANSWERED)).map((p) => p.clientId));
    return settled.filter((p) => !dropped.has(p.clientId));
  });
}

export const loadPlaceName = async (placeId: string): Promise<string | null> => (await get<Record<string, string>>(PLACE_NAMES))?.[placeId] ?? null;

export async function keepPlaceName(placeId: string, name: string): Promise<void> {
  const all = (await get<Record<string, string>>(PLACE_NAMES)) ?? {};
  if (all[placeId] !== name) await set(PLACE_NAMES, { ...all, [placeId]: name });
}

/** The short form as last sent from this phone: a visitor who comes back to leave need not type it again. */
export interface Visitor { name: string; id: string; phone: string }

export const loadVisitor = async (): Promise<Visitor | null> => (await get<Visitor>(VISITOR)) ?? null;
export const keepVisitor = (visitor: Visitor): Promise<void> => set(VISITOR, visitor);
