/** Boots the app: the shell, and on a tablet the service worker and the gate; the console (an operator's phone or screen) gets neither. */
import { render } from 'preact';
import { loadDevice } from '../store/device.ts';
import { loadGate } from './gateLoader.ts';
import { App } from './App.tsx';
import { initialLanguage } from '../ui/i18n.ts';
import { registerServiceWorker } from './update.ts';
import '../ui/styles.css';

const language = initialLanguage();
document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
// The console reads the server and works only online: a phone opening it should not download the gate's 2 MB for offline use.
if (!/^\/console(\/|$)/.test(window.location.pathname)) {
  registerServiceWorker();
  // The log is evidence: ask the browser not to evict it when space runs low (granted quietly to installed PWAs).
  void navigator.storage?.persist?.();
  // An enrolled tablet opens on the gate: its code starts loading now, beside the shell's first render, not after it.
  void loadDevice().then((device) => { if (device) void loadGate(); });
}
render(<App initialLanguage={language} />, document.getElementById('app')!);
