import { useEffect, useState } from 'react';
import { Bi, LanguageSwitch, useI18n } from '../shared/i18n';
import { CallBoard } from './CallBoard';
import { chimeReady, enableChime, useNewCalls } from './callAlert';
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

function Board({ centreId }: { centreId: string }) {
  const state = useBoard(centreId);
  const { lang } = useI18n();
  const flashing = useNewCalls(state.phase === 'ready' ? state.board.calls : null);

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
        <CallBoard calls={board.calls} flashing={flashing} />
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
          <LanguageSwitch />
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
