/**
 * A WebAuthn authenticator in Node for server tests (issue #18): ES256 keys, attestation `none`, user verified, a
 * signature counter; real answers @simplewebauthn/server checks as it checks a phone's. The browser ceremony itself
 * is tests/e2e/passkeys.spec.ts, with Chromium's virtual authenticator.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const uint32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
/** User present, user verified; with attested credential data on a registration. */
const FLAGS = { UP: 0x01, UV: 0x04, AT: 0x40 } as const;

export interface SoftPasskey {
  id: string;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  counter: number;
}

export class SoftAuthenticator {
  readonly passkeys: SoftPasskey[] = [];

  /** `origin`: the page the browser would be on. `counting`: false for a synced passkey's counter, which stays 0. */
  constructor(readonly origin: string, private readonly counting = true) {}

  /** navigator.credentials.create, answered as the browser library gives it to the server; `id` to claim a credential id of one's choosing. */
  create(options: PublicKeyCredentialCreationOptionsJSON, id: Buffer = randomBytes(16)): RegistrationResponseJSON {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = isoCBOR.encode(new Map<number, number | Uint8Array>([
      [1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x ?? '', 'base64url')], [-3, Buffer.from(jwk.y ?? '', 'base64url')],
    ]));
    const passkey: SoftPasskey = { id: b64url(id), rpId, userHandle: options.user.id, privateKey, counter: 0 };
    this.passkeys.push(passkey);
    const credentialLength = Buffer.alloc(2);
    credentialLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.of(FLAGS.UP | FLAGS.UV | FLAGS.AT), uint32(0), Buffer.alloc(16), credentialLength, id, cose]);
    const attestationObject = isoCBOR.encode(new Map<string, string | Map<string, string> | Uint8Array>([['fmt', 'none'], ['attStmt', new Map<string, string>()], ['authData', authData]]));
    return {
      id: passkey.id, rawId: passkey.id, type: 'public-key', clientExtensionResults: {}, authenticatorAttachment: 'platform',
      response: { clientDataJSON: this.clientData('webauthn.create', options.challenge), attestationObject: b64url(attestationObject), transports: ['internal'] },
    };
  }

  /** navigator.credentials.get with `passkey` (default: the newest), its counter moved on unless this one does not count. */
  get(options: PublicKeyCredentialRequestOptionsJSON, passkey = this.passkeys.at(-1)): AuthenticationResponseJSON {
    if (!passkey) throw new Error('the soft authenticator holds no passkey');
    if (this.counting) passkey.counter += 1;
    return this.answer(passkey, options.challenge, passkey.counter);
  }

  /** An answer as `get` gives, signed over any counter, to replay an old one. */
  answer(passkey: SoftPasskey, challenge: string, counter: number): AuthenticationResponseJSON {
    const clientDataJSON = this.clientData('webauthn.get', challenge);
    const authData = Buffer.concat([sha256(passkey.rpId), Buffer.of(FLAGS.UP | FLAGS.UV), uint32(counter)]);
    const signature = sign('sha256', Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]), passkey.privateKey);
    return {
      id: passkey.id, rawId: passkey.id, type: 'public-key', clientExtensionResults: {}, authenticatorAttachment: 'platform',
      response: { clientDataJSON, authenticatorData: b64url(authData), signature: b64url(signature), userHandle: passkey.userHandle },
    };
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string): string {
    return b64url(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }
}
