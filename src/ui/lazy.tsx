/** Screens loaded on first use, so the gate's first chunk carries only what the gate needs. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Device } from '../store/device.ts';

function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyScreen(props: P) {
    const [Screen, setScreen] = useState<ComponentType<P> | undefined>(() => loaded);
    useEffect(() => { if (!loaded) void load().then((s) => { loaded = s; setScreen(() => s); }); }, []);
    return Screen ? <Screen {...props} /> : null;
  };
}

export const lazyScreen = (load: () => Promise<ComponentType>): ComponentType => lazy(load);
export const lazyDeviceScreen = (load: () => Promise<ComponentType<{ device: Device }>>): ComponentType<{ device: Device }> => lazy(load);
