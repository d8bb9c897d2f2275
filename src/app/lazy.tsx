/** A screen loaded on first use, so the gate's first chunk carries only what the gate needs. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazyScreen(load: () => Promise<ComponentType>): ComponentType {
  return function LazyScreen() {
    const [Screen, setScreen] = useState<ComponentType | null>(null);
    useEffect(() => { void load().then((s) => setScreen(() => s)); }, []);
    return Screen ? <Screen /> : null;
  };
}
