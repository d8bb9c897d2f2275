/** The app shell: picks the screen from the path, holds the enrolment and the language. */
import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../core/catalogue.ts';
import { loadDevice, onDeviceChange, withPendingChanges, type Device } from '../store/device.ts';
import { UpdateBanner } from './UpdateBanner.tsx';
import { LANGUAGE_KEY, LanguageContext } from '../ui/i18n.ts';
import { EnrolScreen } from '../tablet/EnrolScreen.tsx';
import { RevokedScreen } from '../tablet/RevokedScreen.tsx';
import { onUpdateReady, type ApplyUpdate } from './update.ts';
import { lazyDeviceScreen, lazyScreen } from '../ui/lazy.tsx';
import { NAVIGATE_EVENT } from '../ui/navigate.ts';
import { loadGate } from './gateLoader.ts';
import { posterPlaceOf } from '../core/posterPath.ts';

const RegisterScreen = lazyScreen(() => import('../resident/RegisterScreen.tsx').then((m) => m.RegisterScreen));
const ArriveScreen = lazyScreen(() => import('../resident/ArriveScreen.tsx').then((m) => m.ArriveScreen));
const LeadScreen = lazyDeviceScreen(() => import('../tablet/lead/LeadScreen.tsx').then((m) => m.LeadScreen));
const HealthScreen = lazyScreen(() => import('../resident/HealthScreen.tsx').then((m) => m.HealthScreen));
const HouseholdScreen = lazyScreen(() => import('../resident/HouseholdScreen.tsx').then((m) => m.HouseholdScreen));
const PlaceScreen = lazyScreen(() => import('../resident/PlaceScreen.tsx').then((m) => m.PlaceScreen));
const SamplesScreen = lazyScreen(() => import('../resident/SamplesScreen.tsx').then((m) => m.SamplesScreen));
const ScanScreen = lazyDeviceScreen(loadGate);
const ConsoleApp = lazyScreen(() => import('../console/ConsoleApp.tsx').then((m) => m.ConsoleApp));

export function App({ initialLanguage }: { initialLanguage: Language }) {
  const [language, setLanguage] = useState(initialLanguage);
  const [device, setDevice] = useState<Device | undefined | null>(null);
  const [path, setPath] = useState(window.location.pathname);
  const [applyUpdate, setApplyUpdate] = useState<ApplyUpdate | null>(null);

  useEffect(() => {
    const reload = () => void loadDevice().then((d) => setDevice(d && withPendingChanges(d)));
    reload();
    onUpdateReady((apply) => setApplyUpdate(() => apply));
    const followPath = () => setPath(window.location.pathname);
    window.addEventListener('popstate', followPath);
    window.addEventListener(NAVIGATE_EVENT, followPath);
    const unsubscribe = onDeviceChange(reload);
    return () => {
      unsubscribe();
      window.removeEventListener('popstate', followPath);
      window.removeEventListener(NAVIGATE_EVENT, followPath);
    };
  }, []);

  const chooseLanguage = (l: Language) => {
    localStorage.setItem(LANGUAGE_KEY, l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLanguage(l);
  };
  const enrolled = (d: Device) => {
    window.history.replaceState(null, '', '/');
    setPath('/');
    setDevice(d);
  };
  // An enrolled tablet syncs whatever screen it shows (the lead's changes, entries waiting): the triggers come with the gate.
  useEffect(() => { if (device) void loadGate(); }, [device]);

  const code = new URLSearchParams(window.location.search).get('code');
  let screen;
  if (path === '/console' || path.startsWith('/console/')) screen = <ConsoleApp />;
  else if (path === '/register') screen = <RegisterScreen />;
  else if (posterPlaceOf(path) !== null) screen = <PlaceScreen key={path} />;
  else if (path === '/arrive') screen = <ArriveScreen />;
  else if (path === '/samples') screen = <SamplesScreen />;
  else if (path === '/health') screen = <HealthScreen />;
  else if (path === '/household') screen = <HouseholdScreen />;
  else if (device === null) screen = null; // still reading IndexedDB: a blink, not a flash of the enrol screen
  else if (path === '/enrol' || !device) screen = <EnrolScreen initialCode={path === '/enrol' ? code : null} onEnrolled={enrolled} />;
  else if (device.revokedAt) screen = <RevokedScreen revokedAt={device.revokedAt} />;
  else if (path === '/lead') screen = <LeadScreen device={device} />;
  else screen = <ScanScreen device={device} />;

  return (
    <LanguageContext.Provider value={{ language, setLanguage: chooseLanguage }}>
      {applyUpdate && <UpdateBanner apply={applyUpdate} onLater={() => setApplyUpdate(null)} />}
      {screen}
    </LanguageContext.Provider>
  );
}
