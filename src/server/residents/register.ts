/**
 * Registering a person on a phone (issue #18): a new phone or a known one, an ID number no other phone holds (or a
 * lead's re-binding code for it), the real-name hook, and the audit line of a re-binding.
 */
import type { FastifyRequest } from 'fastify';
import { calendarDay } from '../../core/calendar.ts';
import { maskIdNumber } from '../../core/idNumber.ts';
import type { PhoneCredential, RegisterRequest } from '../../core/residentWire.ts';
import { MAX_HOUSEHOLD } from '../../core/residentWire.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { refusal } from '../http/auth.ts';
import { ApiFailure, type ApiErrorName } from '../http/errors.ts';
import { normaliseName, type IssuerContext } from '../issuer/healthCodes.ts';
import type { BindError, BoundPerson, OpenRebindCode } from '../storage/residentTypes.ts';
import type { Storage } from '../storage/storage.ts';
import { canonicalId, credentialHash, credentialOf, householdId, newPhoneCredential } from './credential.ts';
import { requireVerifiedName, type RealNameVerifier } from './realName.ts';

/** Areas a resident may name as where they live: the community level, or a tree's own village level. */
export const COMMUNITY_LEVELS: readonly string[] = ['community', 'village'];
/** Wrong codes tried for one person before their open code stops working: 8 digits are 10⁸ guesses, and this makes it 5. */
export const MAX_REBIND_ATTEMPTS = 5;

/** A re-binding code is stored hashed with the ID number it was made for: a code works for that person only. */
export const rebindCodeHash = (personId: string, code: string): string => sha256Hex(`rebind:${personId}:${code}`);

const BIND_STATUS: Record<BindError, [number, ApiErrorName]> = {
  'resident-claimed': [409, 'resident-claimed'],
  'resident-household-full': [409, 'resident-household-full'],
  'resident-self-taken': [409, 'resident-self-taken'],
  'rebind-code-invalid': [400, 'rebind-code-invalid'],
};

export interface RegisterContext {
  issuer: IssuerContext;
  verifier: RealNameVerifier;
  now: Date;
}

/** The phone the person is now on, and its credential when this registration made the phone. */
export interface Registered {
  phoneId: string;
  credential?: PhoneCredential;
}

/** The name the person's check-ins from before accounts carry; undefined: none. */
async function checkedInName(storage: Storage, id: string): Promise<string | undefined> {
  const history = await storage.listCheckIns(id);
  return history.at(-1)?.name ?? (await storage.checkInsCarried(id))?.name;
}

async function communityOf(storage: Storage, areaId: string | undefined): Promise<string | null> {
  if (areaId === undefined) return null;
  const area = await storage.getArea(areaId);
  if (!area || !COMMUNITY_LEVELS.includes(area.level)) throw new ApiFailure(400, 'community-unknown', 'body/areaId');
  return area.id;
}

/** Where a household lives: its owner's community, else the first member's that has one (a child is registered without one). */
async function householdArea(storage: Storage, phoneId: string): Promise<string | null> {
  return (await storage.householdOf(phoneId)).find((p) => p.areaId !== null)?.areaId ?? null;
}

/** The lead's code for this person, or a 400 that counts against the person's open codes. */
async function redeemable(storage: Storage, id: string, code: string, at: string): Promise<OpenRebindCode> {
  const open = await storage.openRebindCode(rebindCodeHash(id, code), at, MAX_REBIND_ATTEMPTS);
  if (open && open.personId === id) return open;
  await storage.countRebindAttempt(id, at);
  throw new ApiFailure(400, 'rebind-code-invalid');
}

export async function register({ issuer, verifier, now }: RegisterContext, request: FastifyRequest, body: RegisterRequest): Promise<Registered> {
  const { storage } = issuer;
  const at = now.toISOString();
  const id = canonicalId(body.id, calendarDay(now, issuer.settings.timeZone));
  const typedName = normaliseName(body.name);
  if (typedName === '') throw new ApiFailure(400, 'request-invalid', 'body/name must not be blank');
  const given = credentialOf(request);
  if (given && !(await storage.authenticatePhone(given.phoneId, credentialHash(given.secret), at))) throw refusal(request, 401, 'resident-credential');
  const made = given ? undefined : newPhoneCredential();
  const phoneId = given?.phoneId ?? made?.phoneId ?? '';
  const areaId = await communityOf(storage, body.areaId);
  const existing = await storage.boundPerson(id);

  const code = body.rebindCode === undefined ? null : await redeemable(storage, id, body.rebindCode, at);
  if (code === null) {
    if (existing && existing.phoneId !== phoneId) throw new ApiFailure(409, 'resident-claimed');
    // Check-ins from before accounts: the name they carry is the one that claims the ID number.
    const earlier = existing ? undefined : await checkedInName(storage, id);
    if (earlier !== undefined && normaliseName(earlier) !== typedName) throw new ApiFailure(409, 'resident-claimed');
    await requireVerifiedName(verifier, { id, name: typedName, ...(body.phone !== undefined && { phone: body.phone }) });
  }
  // Left out of an update on the same phone: kept as it was; another phone's holder's details are not kept.
  const kept = existing?.phoneId === phoneId ? existing : null;
  const person: BoundPerson = {
    personId: id, name: code?.name ?? typedName, relation: body.relation,
    phone: body.phone === undefined ? (kept?.phone ?? null) : body.phone.trim() || null,
    // A lead who re-binds someone from outside their subtree brings them into their own area.
    areaId: code?.areaId ?? areaId ?? existing?.areaId ?? (given ? await householdArea(storage, phoneId) : null),
    address: body.address === undefined ? (kept?.address ?? null) : body.address.trim() || null,
    phoneId, boundAt: at, boundBy: code ? 'rebind' : (existing?.boundBy ?? 'self'),
  };
  const bound = await storage.bindPerson({
    person, ...(made && { newPhone: { phoneId: made.phoneId, secretHash: credentialHash(made.secret) } }), ...(code && { rebindCodeHash: code.codeHash }),
  }, MAX_HOUSEHOLD);
  if (!bound.ok) {
    const [status, error] = BIND_STATUS[bound.error];
    throw new ApiFailure(status, error);
  }
  if (code) {
    const area = person.areaId === null ? null : await storage.getArea(person.areaId);
    await storage.appendAudit({
      at, actor: 'resident', actorName: '', action: 'resident.rebind', areaPath: area?.path ?? null, target: maskIdNumber(id), origin: request.ip,
      detail: {
        codeBy: code.createdBy, reason: code.reason, from: bound.value.before ? householdId(bound.value.before.phoneId) : null, to: householdId(phoneId),
        nameChanged: bound.value.before !== null && bound.value.before.name !== person.name, areaId: person.areaId,
      },
    });
  }
  return { phoneId, ...(made && { credential: made }) };
}
