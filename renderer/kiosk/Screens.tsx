import { useMemo } from 'react';
import { AppointmentsScreen } from './appointments/AppointmentsScreen';
import { BookingScreen } from './appointments/BookingScreen';
import { ErrorScreen } from './error/ErrorScreen';
import { GuideScreen } from './guide/GuideScreen';
import { IdentifyScreen } from './identify/IdentifyScreen';
import { useScanner } from './identify/useScanner';
import { useLive } from './live/LiveStatus';
import { useCatalogRefresh } from './live/useCatalogRefresh';
import { sessionActive } from './session/machine';
import { useSession } from './session/KioskSession';
import { IdleOverlay, useIdle } from './session/useIdle';
import { StartScreen } from './start/StartScreen';
import { TechnicianScreen } from './tech/TechnicianScreen';
import { TakeNumberScreen } from './tickets/TakeNumberScreen';
import { TicketResultScreen } from './tickets/TicketResultScreen';
import { useVideoCovering } from './video/covering';

const DEFAULT_IDLE = { idleSec: 60, countdownSec: 10 };

/** The current screen, the idle countdown over it, and the scanner listening throughout. */
export function Screens() {
  const session = useSession();
  const { config } = useLive();
  const idleSec = config?.idleTimeoutSec ?? DEFAULT_IDLE.idleSec;
  const countdownSec = config?.countdownSec ?? DEFAULT_IDLE.countdownSec;
  const settings = useMemo(() => ({ idleSec, countdownSec }), [idleSec, countdownSec]);
  // Paused while video help covers the screen: the resident is talking to an agent, not idle.
  const video = useVideoCovering();
  // Nor while a video ticket waits: the resident was told to stay here for the agent's call.
  const { screen: current } = session.state;
  const videoWaiting = current.name === 'ticket-result' && current.result.ticket.channel === 'video';
  const idle = useIdle(sessionActive(session.state) && !video && !videoWaiting, settings, session.end);
  useScanner();
  useCatalogRefresh();

  const { screen } = session.state;
  return (
    <>
      {screen.name === 'start' && <StartScreen />}
      {screen.name === 'identify' && <IdentifyScreen intent={screen.intent} />}
      {screen.name === 'guide' && <GuideScreen />}
      {screen.name === 'take-number' && (
        <TakeNumberScreen
          key={`${screen.channel}-${screen.itemId ?? ''}`}
          channel={screen.channel}
          itemId={screen.itemId}
        />
      )}
      {screen.name === 'ticket-result' && <TicketResultScreen result={screen.result} />}
      {screen.name === 'appointments' && <AppointmentsScreen />}
      {screen.name === 'booking' && <BookingScreen />}
      {screen.name === 'error' && <ErrorScreen code={screen.code} fields={screen.fields} />}
      {screen.name === 'technician' && <TechnicianScreen />}
      {idle.phase.phase === 'countdown' && (
        <IdleOverlay remainingSec={idle.phase.remainingSec} onContinue={idle.touch} />
      )}
    </>
  );
}
