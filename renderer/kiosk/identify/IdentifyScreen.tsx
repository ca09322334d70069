import { useState, type FormEvent } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import type { KioskIdentity } from '../../../contract/kiosk';
import { Bi, useI18n } from '../../shared/i18n';
import { BigButton, Frame } from '../common/Frame';
import { useDoorstep } from '../doorstep/useDoorstep';
import { codeOf, messageOf } from '../doorstep/errors';
import { useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import type { Intent } from '../session/machine';
import { Keypad } from './Keypad';
import './identify.css';

type Mode = 'card' | 'keypad' | 'code';

function intentLabel(intent: Intent): MessageKey {
  if (intent.kind === 'take') return intent.channel === 'video' ? 'kiosk.tile.video' : 'kiosk.tile.take';
  return intent.kind === 'booking' ? 'kiosk.tile.book' : 'kiosk.tile.checkIn';
}

/** Card on the reader (the host's identity event moves on at once), the keypad, or an appointment code. */
export function IdentifyScreen({ intent }: { intent: Intent }) {
  const api = useDoorstep();
  const { dispatch, show } = useSession();
  const { lang } = useI18n();
  const [mode, setMode] = useState<Mode>('card');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [code, setCode] = useState('');
  useSpoken('kiosk.identify.card');

  const attempt = (p: Promise<KioskIdentity>, after?: () => void) => {
    setBusy(true);
    setProblem(null);
    p.then(
      (identity) => {
        dispatch({ type: 'identified', identity });
        after?.();
      },
      (err: unknown) => {
        setBusy(false);
        setProblem(codeOf(err));
      },
    );
  };
  const problemText = problem ? messageOf(problem) : null;

  return (
    <Frame title={<Bi k="kiosk.identify.title" as="h2" />}>
      <p className="intent-label">
        <Bi k={intentLabel(intent)} />
      </p>
      {problemText && (
        <div className="notice warn" role="alert" data-testid="identify-problem">
          <span lang="zh-CN">{problemText.zh}</span>
          <span lang="en">{problemText.en}</span>
        </div>
      )}
      {mode === 'card' && (
        <div className="card-prompt" data-testid="card-prompt">
          <div className="card-visual" aria-hidden="true" />
          <Bi k="kiosk.identify.card" as="p" />
          <Bi k="kiosk.identify.scan" as="p" />
        </div>
      )}
      {mode === 'keypad' && (
        <Keypad busy={busy} onSubmit={(idNumber) => attempt(api.call('identity.manual', { idNumber }))} />
      )}
      {mode === 'code' && (
        <form
          className="code-form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (!code.trim()) return;
            attempt(api.call('identity.appointmentCode', { code: code.trim() }), () =>
              show({ name: 'appointments' }),
            );
          }}
        >
          <label htmlFor="appt-code">
            <Bi k="kiosk.code.title" />
          </label>
          <input
            id="appt-code"
            className="code-input"
            lang={lang === 'zh' ? 'zh-CN' : 'en'}
            autoComplete="off"
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
          />
          <button type="submit" className="big-button primary" disabled={busy}>
            <Bi k="common.confirm" />
          </button>
        </form>
      )}
      <div className="identify-modes">
        {mode !== 'card' && (
          <BigButton kind="secondary" onClick={() => setMode('card')}>
            <Bi k="kiosk.identify.card" />
          </BigButton>
        )}
        {mode !== 'keypad' && (
          <BigButton kind="secondary" onClick={() => setMode('keypad')} testId="manual-entry">
            <Bi k="kiosk.identify.manual" />
          </BigButton>
        )}
        {mode !== 'code' && (
          <BigButton kind="secondary" onClick={() => setMode('code')} testId="code-entry">
            <Bi k="kiosk.identify.code" />
          </BigButton>
        )}
      </div>
    </Frame>
  );
}
