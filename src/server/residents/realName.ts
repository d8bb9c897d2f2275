/**
 * The real-name check of a registration (实名认证, issue #18): a hook a deployment fills with its SMS or identity
 * provider. Kadian ships none: `none` accepts every name, so a name is only as true as the ID card a lead compares it with.
 */
import { ApiFailure } from '../http/errors.ts';

/** What the provider said: the name belongs to the ID number, it does not, or it could not be asked now. */
export type Verification = 'verified' | 'refused' | 'unavailable';

export interface RealNameVerifier {
  verify(person: { id: string; name: string; phone?: string }): Promise<Verification>;
}

/** RESIDENT_VERIFIER's values. */
export const RESIDENT_VERIFIERS = ['none', 'test-double'] as const;
export type ResidentVerifierName = (typeof RESIDENT_VERIFIERS)[number];

/** No provider: every name is taken as given. A deployment must plug its own in here (README, "Resident accounts"). */
export const acceptEveryName: RealNameVerifier = { verify: async () => 'verified' };

/**
 * TEST DOUBLE, not a verifier: refuses any name that starts with 假 ("fake") and accepts every other, so the tests
 * and a demonstration can show a refusal. Never a deployment's choice.
 */
export const testDoubleVerifier: RealNameVerifier = { verify: async ({ name }) => (name.startsWith('假') ? 'refused' : 'verified') };

export function realNameVerifier(name: ResidentVerifierName): RealNameVerifier {
  return name === 'test-double' ? testDoubleVerifier : acceptEveryName;
}

/** Refused unless the hook says the name is the ID number's: 403 resident-not-verified, or 503 when it cannot be asked now. */
export async function requireVerifiedName(verifier: RealNameVerifier, person: { id: string; name: string; phone?: string }): Promise<void> {
  const said = await verifier.verify(person);
  if (said === 'refused') throw new ApiFailure(403, 'resident-not-verified');
  if (said === 'unavailable') throw new ApiFailure(503, 'resident-verifier-unavailable');
}
