/** What the storage says of residents' passkeys (issue #18): each bound to one phone account, and the recovery that gives that account a new secret. */

/** A passkey of a phone account. */
export interface ResidentPasskey {
  credentialId: string;
  phoneId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

/** A verified assertion's effect: the phone's new secret, and the passkey's counter moved on from the one it was checked against. */
export interface PhoneRecovery {
  credentialId: string;
  phoneId: string;
  /** SHA-256 of the new secret: the old one stops working in the same transaction. */
  secretHash: string;
  /** The counter the assertion was verified against, and the one it carried. */
  counterBefore: number;
  counterAfter: number;
  at: string;
}

/** `full`: the phone has its most already; `taken`: the credential id is another's (a registration with attestation `none` proves no key). */
export type PasskeyAdded = 'added' | 'full' | 'taken';

export interface ResidentPasskeyStorage {
  /** Adds a passkey to a phone unless it has `max` already or the credential id is taken. */
  addResidentPasskey(passkey: ResidentPasskey, max: number): Promise<PasskeyAdded>;
  /** A phone's passkeys, oldest first. */
  residentPasskeys(phoneId: string): Promise<ResidentPasskey[]>;
  /** The passkey of this credential id, whatever its phone; null: none. */
  residentPasskey(credentialId: string): Promise<ResidentPasskey | null>;
  /**
   * Replaces the phone's secret and moves the passkey's counter, atomically; false (nothing written) when the counter
   * is no longer `counterBefore`: another recovery with the same passkey got there first.
   */
  recoverPhone(recovery: PhoneRecovery): Promise<boolean>;
}
