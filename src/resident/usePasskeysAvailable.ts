/** Whether this phone can keep a passkey, asked once per page: false until the browser has answered, and on a phone without one. */
import { useEffect, useState } from 'preact/hooks';
import { passkeysAvailable } from './passkey.ts';

export function usePasskeysAvailable(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let current = true;
    void passkeysAvailable().then((yes) => { if (current) setAvailable(yes); });
    return () => { current = false; };
  }, []);
  return available;
}
