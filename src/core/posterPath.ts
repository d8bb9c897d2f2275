/** A place's poster page path (`/p/<placeId>`), on its own: the shell routes by it, and must not bring the wire's schema library to the first screen. */

/** The page a poster's QR opens: `${PUBLIC_URL}/p/<placeId>`. */
export const POSTER_PATH = '/p/';

/** The poster's page path of a place, as printed under its QR. */
export const posterUrl = (publicUrl: string, placeId: string): string => `${publicUrl.replace(/\/+$/, '')}${POSTER_PATH}${encodeURIComponent(placeId)}`;

/** The place id in a page path `/p/<placeId>`, or null for another path. */
export function posterPlaceOf(path: string): string | null {
  if (!path.startsWith(POSTER_PATH)) return null;
  const rest = path.slice(POSTER_PATH.length).replace(/\/$/, '');
  if (rest === '' || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}
