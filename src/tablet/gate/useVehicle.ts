/** The vehicle being logged at a road checkpoint: its plate, its passage's id, and how many of its people are scanned so far. */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { Vehicle } from '../../core/entry.ts';

export interface VehicleInProgress {
  plate: string;
  id: string;
  /** People scanned with it: the first is its driver. */
  people: number;
}

export interface VehicleState {
  current: VehicleInProgress | null;
  /** A new vehicle, its plate checked by the sheet. */
  start: (plate: string) => void;
  /** The tag the next scan's entry carries. */
  tag: () => Vehicle | null;
  /** A person of it was logged. */
  counted: () => void;
  done: () => void;
}

export function useVehicle(): VehicleState {
  const [current, setCurrent] = useState<VehicleInProgress | null>(null);
  // Read by the gate between renders: the next person after the driver is a passenger even before the screen redraws.
  const now = useRef<VehicleInProgress | null>(null);
  const set = useCallback((next: VehicleInProgress | null) => { now.current = next; setCurrent(next); }, []);
  return {
    current,
    start: useCallback((plate: string) => set({ plate, id: crypto.randomUUID(), people: 0 }), [set]),
    tag: useCallback(() => {
      const v = now.current;
      return v ? { plate: v.plate, id: v.id, role: v.people === 0 ? 'driver' : 'passenger' } : null;
    }, []),
    counted: useCallback(() => { if (now.current) set({ ...now.current, people: now.current.people + 1 }); }, [set]),
    done: useCallback(() => set(null), [set]),
  };
}
