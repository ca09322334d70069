import { useSyncExternalStore } from 'react';

// Whether video help covers the kiosk screen (ringing, in a call, rating, receipt). While it does, the
// session's idle timer under it is paused: a resident talking to an agent touches nothing for minutes,
// and their session must not end behind the call. The rating screen has its own idle rule.

let covering = false;
const listeners = new Set<() => void>();

export function setVideoCovering(value: boolean): void {
  if (value === covering) return;
  covering = value;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useVideoCovering(): boolean {
  return useSyncExternalStore(subscribe, () => covering);
}
