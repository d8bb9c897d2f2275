/** The text that opens each kind of code: apart from the decoders, so the page can route a scan without loading them. */

export const RESIDENT_PREFIX = 'KDR1:';
export const HEALTH_PREFIX = 'KDH1:';
export const HCERT_PREFIX = 'HC1:';
