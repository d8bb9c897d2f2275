/**
 * Who residents' passkeys belong to (issue #18): the relying party id (RESIDENT_PASSKEY_RP_ID, else PUBLIC_URL's host) and
 * the page origins an answer may come from.
 */

export interface RelyingParty {
  /** A passkey made here works only on this host and, when it is a parent domain, on its subdomains. */
  rpID: string;
  /** PUBLIC_URL's origin: always accepted (http://localhost:8080 included, which WebAuthn allows without TLS). */
  publicOrigin: string;
}

export function relyingParty(publicUrl: string, rpId: string | undefined): RelyingParty {
  const url = new URL(publicUrl);
  return { rpID: rpId ?? url.hostname, publicOrigin: url.origin };
}

/**
 * The origins to accept for a request whose browser said `origin` (the Origin header of its POST): PUBLIC_URL's, and the
 * browser's own when it is https on the relying party's host or a subdomain, the scope the browser itself enforces.
 * Phones that reach the server under another name of the same domain than the tablets' PUBLIC_URL then still work.
 */
export function expectedOrigins(rp: RelyingParty, origin: string | undefined): string[] {
  if (origin === undefined || origin === rp.publicOrigin || !URL.canParse(origin)) return [rp.publicOrigin];
  const url = new URL(origin);
  const inScope = url.origin === origin && url.protocol === 'https:' && (url.hostname === rp.rpID || url.hostname.endsWith(`.${rp.rpID}`));
  return inScope ? [rp.publicOrigin, origin] : [rp.publicOrigin];
}

/** RESIDENT_PASSKEY_RP_ID's shape: a lower-case host name of labels (no scheme, port or path). */
export const RP_ID_PATTERN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
