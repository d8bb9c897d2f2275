/** The row types of migration 019's tables: self check-in at a place's poster (issue #20). */

export interface SelfPlaceTable {
  place_id: string;
  checkpoint_id: string;
  device_id: string;
  created_at: string;
  withdrawn_at: string | null;
  /** A console user's id, or 'operator' for the CLI. */
  withdrawn_by: string | null;
}

export interface SelfPassageTable {
  client_id: string;
  /** `phone:<phoneId>` or `id:<SHA-256 of the ID number>`: whose passages the hourly bound counts, and who may read the receipt again. */
  phone_key: string;
  place_id: string;
  checkpoint_id: string;
  device_id: string;
  seq: number;
  direction: string;
  at: string;
  received_at: string;
  received_ms: number;
  outcome: string;
  /** JSON text: the reasons the phone was shown. */
  reasons: string;
  /** The short form's call-back number; null with a resident credential. */
  phone: string | null;
}

export interface SelfPassageHourTable {
  phone_key: string;
  /** floor(server ms / 3,600,000). */
  hour: number;
  passages: number;
}
