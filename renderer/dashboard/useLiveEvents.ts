import { useEffect, useRef, useState } from 'react';
import { eventsUrl } from './api';

// The centre's event stream, reconnecting with a bounded backoff. Each (re)connection calls
// onConnect, so the caller reloads its snapshot rather than trusting what it missed while away.

export interface RawEvent {
  type: string;
  data: unknown;
}

const MAX_BACKOFF_MS = 15_000;

export function useLiveEvents(
  centreId: string | null,
  onEvent: (e: RawEvent) => void,
  onConnect: () => void,
): boolean {
  const [connected, setConnected] = useState(false);
  const handlers = useRef({ onEvent, onConnect });
  useEffect(() => {
    handlers.current = { onEvent, onConnect };
  });

  useEffect(() => {
    if (!centreId) return;
    let stopped = false;
    let ws: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    const open = () => {
      ws = new WebSocket(eventsUrl(centreId));
      ws.onopen = () => {
        failures = 0;
        setConnected(true);
        handlers.current.onConnect();
      };
      ws.onmessage = (msg) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(msg.data));
        } catch {
          return;
        }
        const e = parsed as Partial<RawEvent> | null;
        if (e && typeof e.type === 'string' && e.type !== 'hello') {
          handlers.current.onEvent({ type: e.type, data: e.data });
        }
      };
      ws.onclose = () => {
        setConnected(false);
        if (stopped) return;
        failures = Math.min(failures + 1, 5);
        timer = setTimeout(open, Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS));
      };
    };
    open();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    };
  }, [centreId]);

  return connected;
}
