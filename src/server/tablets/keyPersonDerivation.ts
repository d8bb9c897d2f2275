/** A checkpoint's key-person derivation (salt and scrypt parameters), made the first time anyone asks. */
import { toBase64 } from '../../core/base64.ts';
import { KEY_PERSON_KDF, type KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import { KEY_PERSON_SALT_BYTES } from '../../core/keyPersons.ts';
import { randomBytes } from '../../core/webcrypto.ts';
import type { Storage } from '../storage/storage.ts';

/** A new list's derivation: 16 random bytes of salt and today's scrypt parameters. */
export const newKeyPersonDerivation = (): KeyPersonDerivation => ({ salt: toBase64(randomBytes(KEY_PERSON_SALT_BYTES)), kdf: KEY_PERSON_KDF });

/** The checkpoint's key-person derivation, made the first time anyone asks. */
export async function keyPersonDerivation(storage: Storage, checkpointId: string): Promise<KeyPersonDerivation> {
  return storage.ensureKeyPersonList(checkpointId, newKeyPersonDerivation());
}
