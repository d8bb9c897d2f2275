/** The rows of migration 018's tables (and 025's columns) (arrivals and their rule table) as Kysely reads and writes them; on their own, so schema.ts imports no storage module. */

/** One arrival as registered (入市登记); `category` … `ends_at` null when the table put it on no list. */
export interface ArrivalTable {
  id: string;
  person_id: string;
  name: string;
  phone: string;
  from_province: string;
  from_city: string;
  arrival_day: string;
  means: string;
  means_detail: string;
  area_id: string;
  address: string;
  /** The health questions answered yes, comma-separated (HEALTH_QUESTIONS' keys). */
  health_yes: string;
  category: string | null;
  /** The last day listed, inclusive. */
  until_day: string | null;
  /** The start of the arrival day, ISO 8601: what the colour rules count a listing's days from. */
  since: string | null;
  /** The instant the listing ends (the start of the day after `until_day`), ISO 8601. */
  ends_at: string | null;
  registered_at: string;
  /** When a server process saw the listing ended and moved the config versions; null before. */
  expired_at: string | null;
  /** Migration 025: when a console user withdrew it as false (null: not withdrawn), who (user id and name then) and why. */
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawn_by_name: string | null;
  withdrawn_reason: string | null;
}

/** The operator's arrival rules (core/arrivalRules.ts's ArrivalRule[] as JSON), one row with id 1. */
export interface ArrivalRulesTable {
  id: number;
  rules: string;
  updated_at: string;
}
