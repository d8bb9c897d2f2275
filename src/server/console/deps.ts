/** What every console route needs, handed down from buildApp. */
import type { Storage } from '../storage/storage.ts';
import type { AlertHub } from './alertHub.ts';
import type { ConsoleSettings } from './settings.ts';

export interface ConsoleDeps {
  storage: Storage;
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
