/** Whether the gate is mid-scan (a scan being judged and logged, or its verdict on screen): an app update waits for it. */

let holds = 0;

/** Marks the gate busy until the returned release is called; releasing twice is harmless. */
export function holdGate(): () => void {
  holds++;
  let released = false;
  return () => {
    if (!released) holds--;
    released = true;
  };
}

export const gateBusy = (): boolean => holds > 0;
