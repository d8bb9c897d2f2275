/** Constants of the sync protocol, apart from the schemas so the page does not bundle a schema library. */

export const API_PREFIX = '/api/v1';
/** The key-person list format this code writes and reads (keyPersonLookup.ts); a tablet asks the server for it (GET /config?keyPersons=2). */
export const KEY_PERSON_FORMAT = 2;
/** Most entries in one push; the tablet sends batches of this size at most. */
export const MAX_BATCH = 500;
/**
 * The highest seq a tablet may push: a scan a second, day and night, reaches it after 31 years, so a larger one is a
 * forgery or a bug, and refusing it keeps every seq within the database's integer and the device report's arithmetic.
 */
export const MAX_SEQ = 1_000_000_000;
/** The most entries a tablet may say it still holds (`waiting`): ten times the million the IndexedDB benchmark loads. */
export const MAX_WAITING = 10_000_000;
/** No entry is older than this: the first cases of the epidemic the system was made for. A tablet clock before it is wrong. */
export const EARLIEST_ENTRY_TIME = '2019-12-01T00:00:00Z';
/** How far after the server's clock an entry's time may be: a tablet's clock a few hours fast is common, a day is not. */
export const ENTRY_TIME_AHEAD_MS = 24 * 60 * 60 * 1000;
