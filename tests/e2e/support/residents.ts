/** Residents for tests: valid ID numbers made from a birth date and a sequence, and their KDR1 codes. */
import { checkCharacter } from '../../../src/core/idNumber.ts';
import { encodeResidentCode, type Resident } from '../../../src/core/residentCode.ts';

/** The n-th test resident (0 ≤ n < 1000), each with a distinct, valid ID number. */
export function resident(n: number): Resident {
  const first17 = `411202${1950 + (n % 50)}0${1 + (n % 9)}1${n % 10}${String(n).padStart(3, '0')}`;
  return { id: first17 + checkCharacter(first17), name: `居民${n}`, community: '示范社区' };
}

export function residentCode(r: Resident): string {
  const code = encodeResidentCode(r);
  if (!code.ok) throw new Error(`test resident ${r.id}: ${code.error}`);
  return code.value;
}
