/** A vehicle entry's own check (core/vehicle.ts): the plate normalised and a real one; no vehicle, no problem. */
import { describe, expect, it } from 'vitest';
import { vehicleProblem } from '../../src/core/vehicle.ts';

const id = '11111111-2222-4333-8444-555555555555';

describe('vehicleProblem', () => {
  it('accepts no vehicle, an ordinary plate and a new-energy one', () => {
    expect(vehicleProblem({ seq: 1 })).toBeNull();
    expect(vehicleProblem({ seq: 1, vehicle: { plate: '豫M12345', id, role: 'driver' } })).toBeNull();
    expect(vehicleProblem({ seq: 2, vehicle: { plate: '粤BD12345', id, role: 'passenger' } })).toBeNull();
  });

  it('refuses a plate not written normalised, and one no vehicle carries', () => {
    expect(vehicleProblem({ seq: 3, vehicle: { plate: '豫m12345', id, role: 'driver' } })).toMatch(/not normalised \(豫M12345\)/);
    expect(vehicleProblem({ seq: 3, vehicle: { plate: '豫M 12345', id, role: 'driver' } })).toMatch(/not normalised/);
    expect(vehicleProblem({ seq: 4, vehicle: { plate: 'AB12345', id, role: 'driver' } })).toMatch(/no Chinese licence plate/);
  });
});
