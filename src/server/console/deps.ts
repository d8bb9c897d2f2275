/** What every console route needs, handed down from buildApp. */
import type { Storage } from '../storage/storage.ts';
import type { ConsoleSettings } from './settings.ts';

export interface ConsoleDeps {
  storage: Storage;
  /** The server clock; tests pass their own to age sessions and locks. */
  now: () => Date;
  settings: ConsoleSettings;
  /** An https:// address means the cookie is Secure even when a proxy speaks plain HTTP to us. */
  publicUrl: string;
}
