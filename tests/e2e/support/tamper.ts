/** A forged health code: the claims changed (say yellow to green), the issuer's signature kept. */
import { Tag } from 'cbor-x';
import { decodeCbor, encodeCbor, readSignedQr, wrapQr } from '../../../src/core/cose.ts';

export function forgeColour(code: string, colour: 'green' | 'yellow' | 'red'): string {
  const sign1 = readSignedQr(code, 'KDH1:');
  if (!sign1.ok) throw new Error(sign1.error);
  const claims = decodeCbor(sign1.value.payload)?.value as Map<number, unknown>;
  (claims.get(-70000) as Map<number, unknown>).set(3, colour);
  const { protectedBytes, unprotectedHeader, signature } = sign1.value;
  return wrapQr('KDH1:', encodeCbor(new Tag([protectedBytes, unprotectedHeader, encodeCbor(claims), signature], 18)));
}
