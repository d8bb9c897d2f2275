/** What every console route needs, handed down from buildApp. */
import type { Storage } from '../storage/storage.ts';
import type { AlertHub } from './alertHub.ts';
import type { ConsoleSettings } from './settings.ts';

export interface ConsoleDeps {
  storage: Storage;
  /**
   * Where the console's large reads go (figures, tracing, exports): the next streaming replica of DATABASE_READ_URL, or
   * the primary when there is none. Writes, and reads that must see them, use `storage`.
   */
  reads: () => Storage;
  /** The server clock; tests pass their own to age sessions and locks. */
  now: () => Date;
  settings: ConsoleSettings;
  /** An https:// address means the cookie is Secure even when a proxy speaks plain HTTP to us. */
  publicUrl: string;
  /** TIME_ZONE: the zone whose local dates the figures count by (HealthCodeSettings.timeZone, the check-in's days too). */
  timeZone: string;
  /** The alerts the pushes of this process make, for the open consoles' streams. */
  alerts: AlertHub;
}
