import { useEffect, useRef } from 'react';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';
import { useSession } from '../session/KioskSession';
import { appointmentCodeOf, WedgeScanner } from './scanner';

/**
 * Appointment QR codes from either kind of scanner: a serial one (the host's `scan` event) or a
 * keyboard wedge typing into the page. A code identifies the resident and opens their appointments.
 */
export function useScanner(): void {
  const api = useDoorstep();
  const { state, dispatch, fail } = useSession();
  const screen = state.screen.name;
  const listening = screen !== 'technician' && screen !== 'error';
  const handle = useRef<(code: string) => void>(() => undefined);

  useEffect(() => {
    handle.current = (scanned: string) => {
      if (!listening) return;
      const code = appointmentCodeOf(scanned);
      api.call('identity.appointmentCode', { code }).then((identity) => {
        dispatch({ type: 'identified', identity });
        dispatch({ type: 'show', screen: { name: 'appointments' } });
      }, fail);
    };
  });

  useDoorstepEvent((e) => {
    if (e.type === 'scan') handle.current(e.code);
  });

  useEffect(() => {
    const wedge = new WedgeScanner();
    const onKey = (e: KeyboardEvent) => {
      const code = wedge.key(e.key, e.timeStamp || performance.now());
      if (code) {
        e.preventDefault();
        handle.current(code);
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
