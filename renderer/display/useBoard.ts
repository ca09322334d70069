import { useEffect, useRef, useState } from 'react';
import { PublicBoard } from '../../contract/fleet';

// The board of one centre, kept fresh by polling the public snapshot. Polling needs no login, no
// socket and no state on the server, and a call shows within POLL_MS (docs/decisions.md).

export const POLL_MS = 2000;
const MAX_BACKOFF_MS = 15_000;

export type BoardState =
  | { phase: 'loading' }
  | { phase: 'unknown-centre' }
  | {
      phase: 'ready';
      board: PublicBoard;
      /** The last refresh failed: what shows may be old. */
      stale: boolean;
      /** Server clock minus this machine's clock, ms. */
      offsetMs: number;
    };

export function boardUrl(centreId: string): string {
  return `/api/v1/public/centres/${encodeURIComponent(centreId)}/board`;
}

export function useBoard(centreId: string): BoardState {
  const [state, setState] = useState<BoardState>({ phase: 'loading' });
  const failures = useRef(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();

    const schedule = () => {
      if (stopped) return;
      const delay = Math.min(POLL_MS * 2 ** failures.current, MAX_BACKOFF_MS);
      timer = setTimeout(() => void tick(), delay);
    };
    const tick = async () => {
      try {
        const res = await fetch(boardUrl(centreId), {
          signal: controller.signal,
          cache: 'no-store',
        });
        if (res.status === 404) {
          setState({ phase: 'unknown-centre' });
          return; // a wrong address does not fix itself
        }
        if (!res.ok) throw new Error(`board: HTTP ${res.status}`);
        const board = PublicBoard.parse(await res.json());
        failures.current = 0;
        setState({
          phase: 'ready',
          board,
          stale: false,
          offsetMs: Date.parse(board.serverTime) - Date.now(),
        });
      } catch {
        if (stopped) return;
        failures.current = Math.min(failures.current + 1, 4);
        setState((s) => (s.phase === 'ready' ? { ...s, stale: true } : s));
      }
      schedule();
    };
    void tick();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [centreId]);

  return state;
}
