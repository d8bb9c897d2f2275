/** Whether the volunteer is mid-scan (a scan being logged or its verdict on screen): an update waits for it. */

let scanning = false;

export function setScanBusy(busy: boolean): void {
  scanning = busy;
}

export function scanBusy(): boolean {
  return scanning;
}
