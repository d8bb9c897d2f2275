/** What a resident's phone keeps for offline showing: their resident code and their health code until it expires. */
import { decodeResidentCode, type Resident } from '../core/residentCode.ts';

export interface HeldHealthCode {
  code: string;
  colour: 'green' | 'yellow' | 'red';
  id: string;
  name: string;
  issuedAt: string;
  expires: string;
}

const RESIDENT_KEY = 'kadian-resident-code';
const HEALTH_KEY = 'kadian-health-code';

export const loadResidentCode = (): string | null => localStorage.getItem(RESIDENT_KEY);
export const saveResidentCode = (code: string): void => localStorage.setItem(RESIDENT_KEY, code);

/** The registered resident, to fill in the check-in form. */
export function loadRegistration(): Resident | null {
  const code = loadResidentCode();
  const decoded = code ? decodeResidentCode(code) : null;
  return decoded?.ok ? decoded.value : null;
}

/** The held health code, unless it has expired. */
export function loadHeldCode(): HeldHealthCode | null {
  try {
    const held = JSON.parse(localStorage.getItem(HEALTH_KEY) ?? 'null') as HeldHealthCode | null;
    return held && Date.parse(held.expires) > Date.now() ? held : null;
  } catch {
    return null;
  }
}

export const saveHeldCode = (held: HeldHealthCode): void => localStorage.setItem(HEALTH_KEY, JSON.stringify(held));
