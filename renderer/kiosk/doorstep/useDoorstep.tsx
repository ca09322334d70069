import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { DoorstepApi, KioskEvent } from '../../../contract/kiosk';

// The kiosk's one way to the host: window.doorstep (Electron preload or the browser-shell bridge),
// handed down by context so screens call `useDoorstep().call(...)` and subscribe with useDoorstepEvent.

const DoorstepContext = createContext<DoorstepApi | null>(null);

export function DoorstepProvider({ api, children }: { api: DoorstepApi; children: ReactNode }) {
  return <DoorstepContext.Provider value={api}>{children}</DoorstepContext.Provider>;
}

export function useDoorstep(): DoorstepApi {
  const api = useContext(DoorstepContext);
  if (!api) throw new Error('useDoorstep() outside <DoorstepProvider>');
  return api;
}

/** Subscribes to host events for the component's lifetime; the latest listener always runs. */
export function useDoorstepEvent(listener: (event: KioskEvent) => void): void {
  const api = useDoorstep();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => api.subscribe((e) => ref.current(e)), [api]);
}
