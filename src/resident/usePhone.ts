/** The phone's state as the resident pages draw it: credential, household and held codes from IndexedDB, refreshed from the server while online. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Household, PhoneCredential } from '../core/residentWire.ts';
import type { Result } from '../core/result.ts';
import type { CallError } from '../sync/api.ts';
import { fetchHousehold } from '../sync/residentApi.ts';
import {
  forgetPerson, loadCredential, loadHealthCodes, loadHousehold, loadPasskeyMade, loadResidentCodes, saveCredential, saveHealthCode, saveHousehold, savePasskeyMade,
  saveResidentCode,
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
}

export interface Phone extends PhoneState {
  /** Keeps a household the server answered (and its credential, on a first registration); persons gone from it are forgotten. */
  adopt(household: Household): Promise<void>;
  /** GET /residents/me, kept; null without a credential. A failure (offline) keeps what the phone holds. */
  refresh(): Promise<Result<Household, CallError> | null>;
  keepResidentCode(id: string, code: string): Promise<void>;
  keepHealthCode(held: HeldHealthCode): Promise<void>;
  markPasskeyMade(): Promise<void>;
}

const EMPTY: PhoneState = { loaded: false, credential: null, household: null, residentCodes: {}, healthCodes: {}, passkeyMade: false };

export function usePhone(): Phone {
  const [state, setState] = useState<PhoneState>(EMPTY);

  useEffect(() => {
    let current = true;
    void Promise.all([loadCredential(), loadHousehold(), loadResidentCodes(), loadHealthCodes(), loadPasskeyMade()])
      .then(([credential, household, residentCodes, healthCodes, passkeyMade]) => {
        if (current) setState({ loaded: true, credential, household, residentCodes, healthCodes, passkeyMade });
      });
    return () => { current = false; };
  }, []);

  const adopt = useCallback(async (household: Household) => {
    if (household.credential) await saveCredential(household.credential);
    await saveHousehold(household);
    const { credential, ...kept } = household;
    // A person moved to another phone (re-bound by a lead) or removed: their codes leave this one.
    const present = new Set(household.persons.map((p) => p.id));
    const gone = Object.keys(await loadHealthCodes(0)).concat(Object.keys(await loadResidentCodes())).filter((id) => !present.has(id));
    for (const id of new Set(gone)) await forgetPerson(id);
    const [residentCodes, healthCodes] = await Promise.all([loadResidentCodes(), loadHealthCodes()]);
    setState((s) => ({ ...s, credential: credential ?? s.credential, household: kept, residentCodes, healthCodes }));
  }, []);

  const refresh = useCallback(async (): Promise<Result<Household, CallError> | null> => {
    const credential = state.credential;
    if (!credential) return null;
    const answer = await fetchHousehold(credential);
    if (answer.ok) await adopt(answer.value);
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

  return { ...state, adopt, refresh, keepResidentCode, keepHealthCode, markPasskeyMade };
}
