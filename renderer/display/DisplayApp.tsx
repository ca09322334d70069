import { useEffect, useMemo, useState } from 'react';
import type { PublicCall } from '../../contract/fleet';
import { Bi, useI18n } from '../shared/i18n';
import { CallBoard } from './CallBoard';
import { chimeReady, enableChime, playChime, useNewCalls } from './callAlert';
import { Announcer, speechLanguages } from './speech';
import { QueueBoard } from './QueueBoard';
import { useBoard } from './useBoard';
import './display.css';

// The hall call board of one centre: /display/?centre=c-zhangjiang. Public data only, no login.

// Wall clock of the hall, in Asia/Shanghai whatever the display machine's zone, corrected by the
// server's clock so every display of a centre agrees.

const timeFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dateFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});

function Clock({ offsetMs }: { offsetMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const { t } = useI18n();
  const at = new Date(now + offsetMs);
  return (
    <div className="clock" role="group" aria-label={t('display.clock')}>
      <time dateTime={at.toISOString()} className="clock-time">
        {timeFmt.format(at)}
      </time>
      <span className="clock-date">{dateFmt.format(at)}</span>
    </div>
  );
}

function centreFromAddress(): string | null {
  const id = new URLSearchParams(window.location.search).get('centre');
  return id && id.trim() ? id.trim() : null;
}

function SoundButton() {
  const [on, setOn] = useState(chimeReady);
  if (on) return null;
  return (
    <button type="button" className="sound-button" onClick={() => void enableChime().then(setOn)}>
      <Bi k="display.sound" />
    </button>
  );
}

// One voice for the hall, for the page's lifetime.
const announcer = new Announcer(speechLanguages(), playChime);
const announce = (call: PublicCall) => announcer.announce(call);

function Board({ centreId }: { centreId: string }) {
  const state = useBoard(centreId);
  const { lang } = useI18n();
  // A video ticket is called on its kiosk's screen, not in the hall: it is not a call on the board.
  const calls = useMemo(
    () => (state.phase === 'ready' ? state.board.calls.filter((c) => c.channel !== 'video') : null),
    [state],
  );
  const flashing = useNewCalls(calls, announce);

  if (state.phase === 'loading') {
    return (
      <p className="display-message">
        <Bi k="common.loading" />
      </p>
    );
  }
  if (state.phase === 'unknown-centre') {
    return (
      <p className="display-message">
        <Bi k="display.unknownCentre" params={{ id: centreId }} />
      </p>
    );
  }
  const { board, stale, offsetMs } = state;
  return (
    <>
      <div className="display-bar">
        <span className="display-centre">{board.centreName[lang]}</span>
        <Clock offsetMs={offsetMs} />
      </div>
      {stale && (
        <p className="display-stale" role="alert">
          <Bi k="display.reconnecting" />
        </p>
      )}
      <div className="display-grid">
        <CallBoard calls={calls ?? []} flashing={flashing} />
        <QueueBoard queues={board.queues} />
      </div>
    </>
  );
}

export function DisplayApp() {
  const centreId = centreFromAddress();
  return (
    <div className="display">
      <header className="app-header">
        <Bi k="app.display" as="h1" />
        <div className="display-header-tools">
          <SoundButton />
        </div>
      </header>
      <main className="display-main">
        {centreId ? (
          <Board centreId={centreId} />
        ) : (
          <p className="display-message">
            <Bi k="display.noCentre" />
          </p>
        )}
      </main>
      <footer className="display-footer">
        <Bi k="display.privacy" />
      </footer>
    </div>
  );
}
