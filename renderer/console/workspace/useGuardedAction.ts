import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import { type ConsoleError, consoleError, offlineError } from '../ErrorBanner';

export type Act = (fn: () => Promise<void>, hint?: (e: unknown) => MessageKey | undefined) => Promise<void>;

export interface GuardedActions {
  act: Act;
  busy: boolean;
  error: ConsoleError | null;
  setError: (e: ConsoleError | null) => void;
  notice: string | null;
  setNotice: (n: string | null) => void;
  /** For background failures (loading names, the call): shown like an action's error. */
  onError: (e: unknown) => void;
}

/**
 * One action at a time (a double key press does not finish twice); its error shown with a hint.
 * With central away an action is refused at once with a bilingual message, never a silent 5 s wait.
 */
export function useGuardedAction(offline: boolean): GuardedActions {
  const [error, setError] = useState<ConsoleError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const offlineRef = useRef(offline);
  useEffect(() => {
    offlineRef.current = offline;
  }, [offline]);
  const onError = useCallback((e: unknown) => setError(consoleError(e)), []);

  const act = useCallback<Act>(async (fn, hint) => {
    if (busyRef.current) return;
    if (offlineRef.current) {
      setNotice(null);
      setError(offlineError('console.offline.refused'));
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await fn();
    } catch (e) {
      setError(consoleError(e, hint?.(e)));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);
  return { act, busy, error, setError, notice, setNotice, onError };
}
