/** Chinese licence plates (号牌) as a road checkpoint logs them: the ordinary blue/yellow ones and the green new-energy ones. */

/** The provinces' one-character abbreviations that begin a civilian plate. */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/**
 * Province, the issuing office's letter, then: five letters and digits (ordinary; I and O are never used, so they are not
 * mistaken for 1 and 0), optionally ending in 学/挂/警/港/澳 (learner, trailer, police, Hong Kong, Macau); or six for a
 * new-energy plate, whose third character is D or F (small car) or whose last is D or F (large vehicle).
 */
const ORDINARY = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4}(?:[A-HJ-NP-Z0-9]|[学挂警港澳])$`);
const NEW_ENERGY = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z](?:[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$`);

/** The plate as it is written: upper case, without the spaces, dots and dashes people type between its parts. */
export const normalisePlate = (text: string): string => text.replace(/[\s·.\-•]/g, '').toUpperCase();

/** Whether a normalised plate is one a Chinese vehicle can carry. */
export const isPlate = (plate: string): boolean => ORDINARY.test(plate) || NEW_ENERGY.test(plate);

/** The JSON Schema pattern of a plate on the wire: the same two forms. */
export const PLATE_PATTERN = `${ORDINARY.source}|${NEW_ENERGY.source}`;
