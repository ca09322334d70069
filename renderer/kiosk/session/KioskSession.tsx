import {
  createContext,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { t as translate } from '../../../contract/i18n';
import { useI18n } from '../../shared/i18n';
import { failureOf } from '../doorstep/errors';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';
import { speak, useElder } from './elder';
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
  /** The session ended with the ID card still on the reader: remind until it is lifted. */
  cardLeft: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useDoorstep();
  const [state, dispatch] = useReducer(reduce, initialState);

  const { lang, setLang } = useI18n();
  const { elder, setElder } = useElder();
  const [cardLeft, setCardLeft] = useState(false);
  // Read at the moment the session ends (the callback itself stays stable for the screens' timers).
  const now = useRef({ identity: state.identity, lang, elder });
  useLayoutEffect(() => {
    now.current = { identity: state.identity, lang, elder };
  });

  /** `lifted`: ended because the card left the reader, so there is nothing to remind of. */
  const finish = useCallback(
    (lifted: boolean) => {
      const was = now.current;
      dispatch({ type: 'end' });
      api.call('session.end', {}).catch(() => undefined);
      // The next resident starts afresh: Chinese, normal mode. Said in the leaving resident's
      // language (spoken if they used elder mode): their card is still on the reader.
      setLang('zh');
      setElder(false);
      if (was.identity?.source === 'card' && !lifted) {
        setCardLeft(true);
        if (was.elder) speak(translate('kiosk.card.take', was.lang), was.lang);
      }
    },
    [api, setLang, setElder],
  );
  const end = useCallback(() => finish(false), [finish]);

  const want = useCallback((intent: Intent) => dispatch({ type: 'want', intent }), []);
  const show = useCallback((screen: Screen) => dispatch({ type: 'show', screen }), []);
  const fail = useCallback((err: unknown) => {
    const f = failureOf(err);
    dispatch({ type: 'fail', code: f.code, fields: f.fields.map((x) => x.path) });
  }, []);

  useDoorstepEvent((e) => {
    if (e.type === 'identity') {
      setCardLeft(false);
      dispatch({ type: 'identified', identity: e.identity });
    } else if (e.type === 'card.removed') {
      setCardLeft(false);
      if (state.identity?.source === 'card') finish(true);
    }
  });

  const session = useMemo<Session>(
    () => ({ state, dispatch, want, show, fail, end, cardLeft }),
    [state, want, show, fail, end, cardLeft],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession() outside <SessionProvider>');
  return s;
}
