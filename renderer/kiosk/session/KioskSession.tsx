import { createContext, useCallback, useContext, useMemo, useReducer, type ReactNode } from 'react';
import { codeOf } from '../doorstep/errors';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';
import { initialState, reduce, type Intent, type KioskAction, type KioskState, type Screen } from './machine';

// The session: the screen machine plus the host calls that change it (end, card removed, card read).

export interface Session {
  state: KioskState;
  dispatch(action: KioskAction): void;
  want(intent: Intent): void;
  show(screen: Screen): void;
  /** Shows the error screen for a failed call. */
  fail(err: unknown): void;
  /** Ends the session: the host forgets the identity, the screen wipes it and returns to the start. */
  end(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useDoorstep();
  const [state, dispatch] = useReducer(reduce, initialState);

  const end = useCallback(() => {
    dispatch({ type: 'end' });
    api.call('session.end', {}).catch(() => undefined);
  }, [api]);

  const want = useCallback((intent: Intent) => dispatch({ type: 'want', intent }), []);
  const show = useCallback((screen: Screen) => dispatch({ type: 'show', screen }), []);
  const fail = useCallback((err: unknown) => dispatch({ type: 'fail', code: codeOf(err) }), []);

  useDoorstepEvent((e) => {
    if (e.type === 'identity') dispatch({ type: 'identified', identity: e.identity });
    else if (e.type === 'card.removed' && state.identity?.source === 'card') end();
  });

  const session = useMemo<Session>(
    () => ({ state, dispatch, want, show, fail, end }),
    [state, want, show, fail, end],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession() outside <SessionProvider>');
  return s;
}
