/**
 * Revoked health codes as tablets hold them: per person the key-person list's tag (keyPersonLookup.ts, the same salt, so
 * a scan derives nothing more) and a not-before time; a KDH1 code issued before it is refused, as is one older than the
 * checkpoint's limit.
 */
import type { SignedCodeReason, VerifiedCode } from './signedCode.ts';

/** The revocations a tablet pulls with its config (wire.ts RevocationListSchema has this shape; declared here so the page bundles no schema library). */
export interface RevocationList {
  /** The key-person list's salt the tags are derived with: a list under another salt matches no one (it is ignored). */
  salt: string;
  /** In tag order; `notBefore` ISO 8601: codes of this person issued before it are revoked. */
  persons: ReadonlyArray<{ tag: string; notBefore: string }>;
  /** The server's revocation counter the list is complete up to; absent from servers before revisions. */
  revision?: number | undefined;
  /** On a delta only: the revision the tablet held, the persons being those revised after it. */
  after?: number | undefined;
}

/**
 * How long a revocation is kept after its not-before: a code issued before it ends with its calendar day (or sooner), so
 * within 24 h; the rest is room for a tablet clock that runs late (its `code-expired` check reads that clock).
 */
export const REVOCATION_KEEP_MS = 30 * 60 * 60_000;

/** The not-before of each tag, the latest where a tag is listed twice; empty for a list under another salt than `salt`. */
export function revocationIndex(list: RevocationList | undefined, salt: string): ReadonlyMap<string, number> {
  const index = new Map<string, number>();
  if (!list || list.salt !== salt) return index;
  for (const { tag, notBefore } of list.persons) {
    const at = Date.parse(notBefore);
    if (Number.isFinite(at) && at > (index.get(tag) ?? -Infinity)) index.set(tag, at);
  }
  return index;
}

/** What the checkpoint adds to a verified code: the holder's revocation (ms, if any) and the policy's age limit (minutes, if any). */
export interface Freshness {
  revokedBefore?: number | undefined;
  maxAgeMinutes?: number | null | undefined;
  /** The tablet's clock, ms. */
  atMs: number;
}

/**
 * The code as this checkpoint takes it: a valid KDH1 code issued before its holder's revocation (`code-revoked`) or longer
 * ago than the limit (`code-too-old`) is no longer valid. Either is a stop (verdict.ts), not a check by eye: the resident
 * gets a new code, which says the colour as it is now. Other codes, and codes already invalid, are left as they are.
 */
export function withFreshness(code: VerifiedCode, { revokedBefore, maxAgeMinutes, atMs }: Freshness): VerifiedCode {
  if (code.kind !== 'KDH1' || !code.valid || code.issuedAt === null) return code;
  const issued = Date.parse(code.issuedAt);
  const reasons: SignedCodeReason[] = [];
  if (revokedBefore !== undefined && issued < revokedBefore) reasons.push('code-revoked');
  if (maxAgeMinutes != null && atMs - issued > maxAgeMinutes * 60_000) reasons.push('code-too-old');
  return reasons.length === 0 ? code : { ...code, valid: false, reasons };
}

/** A list as the tablet stores it (with its config). */
export interface HeldRevocations {
  salt: string;
  persons: Array<{ tag: string; notBefore: string }>;
  revision?: number;
}

/**
 * The list a tablet keeps after a pull: a full list replaces what it held; a delta (`after`) is merged into the list it was
 * asked against, each tag at its latest not-before, those past `REVOCATION_KEEP_MS` dropped (the server drops them too,
 * and no code they revoke can still be valid). A delta that does not follow what is held (another tab pulled in between)
 * gives null: keep nothing, and the next pull asks for the whole list.
 */
export function mergeRevocations(held: RevocationList | undefined, pulled: RevocationList, nowMs: number): HeldRevocations | null {
  if (pulled.after === undefined) return { salt: pulled.salt, persons: [...pulled.persons], ...(pulled.revision !== undefined && { revision: pulled.revision }) };
  if (!held || held.salt !== pulled.salt || held.revision !== pulled.after) return null;
  const latest = new Map<string, string>();
  const keepFrom = nowMs - REVOCATION_KEEP_MS;
  for (const { tag, notBefore } of [...held.persons, ...pulled.persons]) {
    const at = Date.parse(notBefore);
    if (!(at >= keepFrom)) continue;
    const before = latest.get(tag);
    if (before === undefined || Date.parse(before) < at) latest.set(tag, notBefore);
  }
  const persons = [...latest].map(([tag, notBefore]) => ({ tag, notBefore })).sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return { salt: pulled.salt, persons, ...(pulled.revision !== undefined && { revision: pulled.revision }) };
}
