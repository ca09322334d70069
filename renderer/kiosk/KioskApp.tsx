import { useEffect, useMemo, useState } from 'react';
import type { DoorstepApi } from '../../contract/kiosk';
import { Bi, LanguageSwitch } from '../shared/i18n';
import { kioskTransport } from './doorstep/transport';
import { DoorstepProvider, useDoorstepEvent } from './doorstep/useDoorstep';
import { LiveProvider } from './live/LiveStatus';
import { Screens } from './Screens';
import { VideoLayer } from './video/VideoLayer';
import { ElderProvider } from './session/elder';
import { SessionProvider } from './session/KioskSession';
import './kiosk.css';

// The kiosk's composition root: waits briefly for window.doorstep (the bridge may attach it after the
// page loads), then mounts the providers and the screens; without a host it says so in both languages.

const WAIT_FOR_HOST_MS = 3000;

function useHost(): DoorstepApi | null | 'waiting' {
  const [api, setApi] = useState<DoorstepApi | null | 'waiting'>(() => window.doorstep ?? 'waiting');
  useEffect(() => {
    if (api !== 'waiting' && api !== null) return;
    const started = Date.now();
    const timer = setInterval(() => {
      if (window.doorstep) setApi(window.doorstep);
      else if (Date.now() - started > WAIT_FOR_HOST_MS) setApi(null);
    }, 100);
    return () => clearInterval(timer);
  }, [api]);
  return api;
}

export function KioskApp() {
  const host = useHost();
  // Every screen gets the one failure shape, whichever transport window.doorstep came over.
  const api = useMemo(() => (host === 'waiting' || host === null ? host : kioskTransport(host)), [host]);
  if (api === 'waiting') return <div className="kiosk" aria-busy="true" />;
  if (api === null) return <NoHost />;
  return (
    <DoorstepProvider api={api}>
      <ElderProvider>
        <LiveProvider>
          <SessionProvider>
            <ReloadOnRequest />
            <Screens />
            <VideoLayer />
          </SessionProvider>
        </LiveProvider>
      </ElderProvider>
    </DoorstepProvider>
  );
}

function NoHost() {
  return (
    <div className="kiosk">
      <header className="app-header kiosk-header">
        <Bi k="app.kiosk" as="h1" />
        <LanguageSwitch />
      </header>
      <main className="kiosk-main no-host" data-testid="no-host">
        <Bi k="kiosk.noHost.title" as="h2" />
        <Bi k="kiosk.noHost.body" as="p" />
      </main>
    </div>
  );
}

/** The remote command reload-page (issue 14): the host asks, the page reloads itself. */
function ReloadOnRequest() {
  useDoorstepEvent((e) => {
    if (e.type === 'reload') window.location.reload();
  });
  return null;
}
