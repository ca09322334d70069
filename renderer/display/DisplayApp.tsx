import { useState } from 'react';
import { Bi, LanguageSwitch, useI18n } from '../shared/i18n';
import { CallBoard } from './CallBoard';
import { chimeReady, enableChime } from './chime';
import { Clock } from './Clock';
import { QueueBoard } from './QueueBoard';
import { useBoard } from './useBoard';
import { useNewCalls } from './useNewCalls';
import './display.css';

// The hall call board of one centre: /display/?centre=c-zhangjiang. Public data only, no login.

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
