/**
 * The gate's code (the scan screen, its store and verifier bridge, the uploader) loaded apart from the shell: a new
 * tablet's enrolment screen starts without it, and an enrolled tablet starts loading it before its first render.
 */
import type { ComponentType } from 'preact';
import type { Device } from '../store/device.ts';

type ScanScreen = ComponentType<{ device: Device }>;

let gate: Promise<ScanScreen> | undefined;

/** Loads the scan screen and starts the sync triggers, once; every later call gets the same screen. */
export function loadGate(): Promise<ScanScreen> {
  gate ??= Promise.all([
    import('../tablet/ScanScreen.tsx'),
    import('../sync/scheduler.ts').then((m) => m.startSync()),
  ]).then(([screen]) => screen.ScanScreen);
  return gate;
}
