/** A vehicle entry (road checkpoints) checked on its own: what the tablet writes and the server's push accepts. */
import type { Entry } from './entry.ts';
import { isPlate, normalisePlate } from './plate.ts';

/**
 * What is wrong with an entry's vehicle, in words for the push's refusal; null when it is well formed or there is none.
 * The plate must be stored as normalised (豫M12345, not "豫m·12345"): the hash covers it as written, and the export
 * and any later lookup by plate compare it as text. The schema's pattern already holds validity; checked again here
 * so the core's rule does not hang on the schema alone.
 */
export function vehicleProblem(entry: Pick<Entry, 'seq' | 'vehicle'>): string | null {
  const vehicle = entry.vehicle;
  if (vehicle === undefined) return null;
  if (normalisePlate(vehicle.plate) !== vehicle.plate) return `entry ${entry.seq} carries the plate "${vehicle.plate}", not normalised (${normalisePlate(vehicle.plate)})`;
  if (!isPlate(vehicle.plate)) return `entry ${entry.seq} carries "${vehicle.plate}", which is no Chinese licence plate`;
  return null;
}
