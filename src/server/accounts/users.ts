/** Creating an account, as the CLI and the console both do it: a role, the area (or place) it reaches, an optional password. */
import { checkName } from '../../core/city.ts';
import { err, type Result } from '../../core/result.ts';
import type { Role } from '../../core/roles.ts';
import { newId } from '../secrets.ts';
import type { UserRecord } from '../storage/accountTypes.ts';
import type { Storage } from '../storage/storage.ts';
import { hashPassword, passwordStrongEnough } from './passwords.ts';

export interface AccountRequest {
  name: string;
  role: Role;
  /** Required but for an admin (the whole city) and a lead given a place. */
  areaId?: string | undefined;
  /** A lead of one place. */
  placeId?: string | undefined;
  password?: string | undefined;
}

export type AccountError = 'user-name-taken' | 'password-weak' | 'city-unknown' | 'forbidden-role' | 'city-name-empty' | 'city-name-long' | 'city-name-chars';

/**
 * An admin reaches the whole city (an area given is refused: it would read as a limit it is not); hq and tracer an
 * area and below; a lead a community's area, or one place (its area is then the place's).
 */
export async function createAccount(storage: Storage, request: AccountRequest, createdBy: string, now = new Date()): Promise<Result<UserRecord, AccountError>> {
  const name = checkName(request.name);
  if (!name.ok) return err(name.error === 'city-name-empty' || name.error === 'city-name-long' ? name.error : 'city-name-chars');
  if (request.password !== undefined && !passwordStrongEnough(request.password)) return err('password-weak');
  let areaId: string | null = request.areaId ?? null;
  let placeId: string | null = null;
  if (request.role === 'admin') {
    if (areaId !== null || request.placeId !== undefined) return err('forbidden-role');
  } else if (request.placeId !== undefined) {
    if (request.role !== 'lead') return err('forbidden-role');
    const place = await storage.getPlace(request.placeId);
    if (!place || (areaId !== null && areaId !== place.areaId)) return err('city-unknown');
    placeId = place.id;
    areaId = place.areaId;
  } else if (areaId === null || !(await storage.getArea(areaId))) {
    return err('city-unknown');
  }
  return storage.createUser({
    id: newId('u'), name: name.value, role: request.role, areaId, placeId, createdAt: now.toISOString(), createdBy,
    password: request.password === undefined ? null : await hashPassword(request.password),
  });
}

/** What a user is shown as, anywhere: never the password record. */
export const publicUser = (u: UserRecord) => ({
  id: u.id, name: u.name, role: u.role, areaId: u.areaId, placeId: u.placeId, disabled: u.disabledAt !== null, hasPassword: u.hasPassword, createdAt: u.createdAt,
});
