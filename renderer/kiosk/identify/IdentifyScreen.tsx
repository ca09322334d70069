import { useState } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import type { KioskIdentity } from '../../../contract/kiosk';
import { Bi } from '../../shared/i18n';
import { normaliseAppointmentCode } from '../../../contract/appointment-code';
import { CodePad } from '../common/CodePad';
import { BigButton, Frame } from '../common/Frame';
import { useDoorstep } from '../doorstep/useDoorstep';
import { codeOf, messageOf } from '../doorstep/errors';
import { useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import type { Intent } from '../session/machine';
import { Keypad } from './Keypad';
import './identify.css';

type Mode = 'card' | 'keypad' | 'code';
/** Appointment codes are 8 letters and digits; the host takes 4 to 32. */
const CODE_MIN = 4;
const CODE_MAX = 16;

function intentLabel(intent: Intent): MessageKey {
  if (intent.kind === 'take') return intent.channel === 'video' ? 'kiosk.tile.video' : 'kiosk.tile.take';
  return intent.kind === 'booking' ? 'kiosk.tile.book' : 'kiosk.tile.checkIn';
}

/** Card on the reader (the host's identity event moves on at once), the keypad, or an appointment code
 * typed on its on-screen keys. */
export function IdentifyScreen({ intent }: { intent: Intent }) {
  const api = useDoorstep();
  const { dispatch, show } = useSession();
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
      <div className="identify-body">
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
          <div className="code-form" data-testid="code-form">
            <Bi k="kiosk.code.title" as="p" />
            <CodePad
              value={code}
              maxLength={CODE_MAX}
              onChange={setCode}
              action={
                <BigButton
                  testId="code-ok"
                  disabled={busy || code.length < CODE_MIN}
                  onClick={() =>
                    attempt(
                      api.call('identity.appointmentCode', { code: normaliseAppointmentCode(code) }),
                      () => show({ name: 'appointments' }),
                    )
                  }
                >
                  <Bi k="common.confirm" />
                </BigButton>
              }
            />
          </div>
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
      </div>
    </Frame>
  );
}
