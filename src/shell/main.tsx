/** Boots the tablet app: the shell, the service worker, and the sync triggers. */
import { render } from 'preact';
import { loadDevice } from '../store/device.ts';
import { loadGate } from './gateLoader.ts';
import { App } from './App.tsx';
import { initialLanguage } from '../ui/i18n.ts';
import { registerServiceWorker } from './update.ts';
import '../ui/styles.css';

const language = initialLanguage();
document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
registerServiceWorker();
// The log is evidence: ask the browser not to evict it when space runs low (granted quietly to installed PWAs).
void navigator.storage?.persist?.();
// An enrolled tablet opens on the gate: its code starts loading now, beside the shell's first render, not after it.
void loadDevice().then((device) => { if (device) void loadGate(); });
render(<App initialLanguage={language} />, document.getElementById('app')!);
