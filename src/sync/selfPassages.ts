/** Sends the passages a phone kept at place posters (issue #20): each until the server answers it, exactly once by its clientId, oldest first. */
import type { PhoneCredential } from '../core/residentWire.ts';
import { RESIDENT_AUTH_SCHEME } from '../core/residentWire.ts';
import type { PosterInfo, SelfPassageReceipt, SelfPassageRequest } from '../core/selfCheckInWire.ts';
import { call } from './api.ts';
import { loadPassages, settlePassage, type KeptPassage } from '../store/selfPassages.ts';

export const fetchPosterInfo = (placeId: string) => call<PosterInfo>(`/places/${encodeURIComponent(placeId)}/poster-info`, { method: 'GET' });

function requestOf(p: KeptPassage, person: NonNullable<KeptPassage['person']>): SelfPassageRequest {
  const base = { clientId: p.clientId, direction: p.direction, at: p.at, id: person.id };
  return person.household ? base : { ...base, name: person.name, phone: person.phone };
}

/**
 * What one round did: `retry` when the network or the server failed (the rest wait for the next round), else `done`.
 * A refusal (a withdrawn poster, a bad ID number) settles the passage as refused: sending it again would change nothing.
 */
export async function sendWaitingPassages(credential: PhoneCredential | null): Promise<'done' | 'retry'> {
  for (const p of (await loadPassages()).filter((k) => k.state === 'waiting')) {
    if (!p.person) continue;
    const authorised = p.person.household && credential ? { authorization: `${RESIDENT_AUTH_SCHEME} ${credential.phoneId}.${credential.secret}` } : undefined;
    const answer = await call<SelfPassageReceipt>(`/places/${encodeURIComponent(p.placeId)}/passages`, {
      method: 'POST', body: JSON.stringify(requestOf(p, p.person)), ...(authorised && { headers: authorised }),
    });
    const answeredAt = new Date().toISOString();
    if (answer.ok) {
      await settlePassage(p.clientId, { state: 'sent', answeredAt, outcome: answer.value.outcome, reasons: answer.value.reasons, error: null });
      continue;
    }
    const e = answer.error;
    if (e.kind !== 'server' || e.status >= 500 || e.status === 429 || e.error === 'response-not-json') return 'retry';
    await settlePassage(p.clientId, { state: 'refused', answeredAt, outcome: null, reasons: [], error: e.error });
  }
  return 'done';
}
