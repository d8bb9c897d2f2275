/** The phone's state as the resident pages draw it: credential, household and held codes from IndexedDB, refreshed from the server while online. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Household, PhoneCredential } from '../core/residentWire.ts';
import type { Result } from '../core/result.ts';
import type { CallError } from '../sync/api.ts';
import { fetchHousehold, onCredentialRefused } from '../sync/residentApi.ts';
import {
  clearSupersededSecret, forgetPerson, forgetPhone, loadCredential, loadHealthCodes, loadHousehold, loadPasskeyMade, loadResidentCodes, loadSupersededSecret,
  saveCredential, saveHealthCode, saveHousehold, savePasskeyMade, saveResidentCode, saveSupersededSecret,
  type HeldHealthCode, type KeptHousehold,
} from '../store/resident.ts';

export interface PhoneState {
  /** False until IndexedDB has answered: the pages show nothing rather than a flash of "register first". */
  loaded: boolean;
  credential: PhoneCredential | null;
  household: KeptHousehold | null;
  residentCodes: Record<string, string>;
  healthCodes: Record<string, HeldHealthCode>;
  /** This phone made a passkey of its account, or recovered the account with one. */
  passkeyMade: boolean;
  /**
   * The server refused the credential held (`resident-credential`: the account recovered on another phone). The pages
   * then show why and the ways on instead of the codes; kept in IndexedDB, so a reload still says it.
   */
  superseded: boolean;
}

export interface Phone extends PhoneState {
  /** Keeps a household the server answered (and its credential, on a first registration); persons gone from it are forgotten. */
  adopt(household: Household): Promise<void>;
  /** GET /residents/me, kept; null without a credential. A failure (offline) keeps what the phone holds. */
  refresh(): Promise<Result<Household, CallError> | null>;
  keepResidentCode(id: string, code: string): Promise<void>;
  keepHealthCode(held: HeldHealthCode): Promise<void>;
  markPasskeyMade(): Promise<void>;
  /** Forgets the credential, household and codes: the person chose to register this phone again as a new one. */
  forget(): Promise<void>;
}

const EMPTY: PhoneState = { loaded: false, credential: null, household: null, residentCodes: {}, healthCodes: {}, passkeyMade: false, superseded: false };

export function usePhone(): Phone {
  const [state, setState] = useState<PhoneState>(EMPTY);

  useEffect(() => {
    let current = true;
    void Promise.all([loadCredential(), loadHousehold(), loadResidentCodes(), loadHealthCodes(), loadPasskeyMade(), loadSupersededSecret()])
      .then(([credential, household, residentCodes, healthCodes, passkeyMade, refused]) => {
        const superseded = credential !== null && credential.secret === refused;
        if (current) setState({ loaded: true, credential, household, residentCodes, healthCodes, passkeyMade, superseded });
      });
    return () => { current = false; };
  }, []);

  // Whichever page's call was refused. Marked, not forgotten: the codes hide at once, yet nothing is deleted on one
  // answer before the person has read why and chosen to recover or register again, and a reload still explains.
  useEffect(() => onCredentialRefused((refused) => {
    void (async () => {
      const [held, household] = await Promise.all([loadCredential(), loadHousehold()]);
      if (held?.secret !== refused.secret) return; // a credential replaced meanwhile (a recovery) is not the one refused
      // No person held, no code to void: the registration form's own answer to a refused credential (a new phone) serves.
      if (!household?.persons.length) return;
      await saveSupersededSecret(refused.secret);
      setState((s) => (s.credential?.secret === refused.secret ? { ...s, superseded: true } : s));
    })();
  }), []);

  const adopt = useCallback(async (household: Household) => {
    if (household.credential) await saveCredential(household.credential);
    await saveHousehold(household);
    const { credential, ...kept } = household;
    // A person moved to another phone (re-bound by a lead) or removed: their codes leave this one.
    const present = new Set(household.persons.map((p) => p.id));
    const gone = Object.keys(await loadHealthCodes(0)).concat(Object.keys(await loadResidentCodes())).filter((id) => !present.has(id));
    for (const id of new Set(gone)) await forgetPerson(id);
    const [residentCodes, healthCodes] = await Promise.all([loadResidentCodes(), loadHealthCodes()]);
    // A new credential (a recovery) is one the server just issued: not the refused one.
    setState((s) => ({ ...s, credential: credential ?? s.credential, household: kept, residentCodes, healthCodes, superseded: credential ? false : s.superseded }));
  }, []);

  const refresh = useCallback(async (): Promise<Result<Household, CallError> | null> => {
    const credential = state.credential;
    if (!credential) return null;
    const answer = await fetchHousehold(credential);
    if (!answer.ok) return answer;
    await adopt(answer.value);
    // The server took the credential after all (a refusal it no longer gives): the codes count again.
    if ((await loadSupersededSecret()) === credential.secret) await clearSupersededSecret();
    setState((s) => (s.superseded && s.credential?.secret === credential.secret ? { ...s, superseded: false } : s));
    return answer;
  }, [state.credential, adopt]);

  const keepResidentCode = useCallback(async (id: string, code: string) => {
    await saveResidentCode(id, code);
    setState((s) => ({ ...s, residentCodes: { ...s.residentCodes, [id]: code } }));
  }, []);

  const keepHealthCode = useCallback(async (held: HeldHealthCode) => {
    await saveHealthCode(held);
    setState((s) => ({ ...s, healthCodes: { ...s.healthCodes, [held.id]: held } }));
  }, []);

  const markPasskeyMade = useCallback(async () => {
    await savePasskeyMade();
    setState((s) => ({ ...s, passkeyMade: true }));
  }, []);

  const forget = useCallback(async () => {
    await forgetPhone();
    setState({ ...EMPTY, loaded: true });
  }, []);

  return { ...state, adopt, refresh, keepResidentCode, keepHealthCode, markPasskeyMade, forget };
}
