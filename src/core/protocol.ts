/** Constants of the sync protocol, apart from the schemas so the page does not bundle a schema library. */

export const API_PREFIX = '/api/v1';
/** Most entries in one push; the tablet sends batches of this size at most. */
export const MAX_BATCH = 500;
