import { useState } from 'react';
import { Bi, useI18n } from '../../shared/i18n';
import { BigButton, Frame } from '../common/Frame';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { TechPanel } from './TechPanel';
import './tech.css';

/** Technician mode behind the hidden corner gesture and a PIN checked by the host. */
export function TechnicianScreen() {
  const api = useDoorstep();
  const { t } = useI18n();
  const [unlocked, setUnlocked] = useState(false);
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState(false);

  if (unlocked) return <TechPanel />;
  const submit = () => {
    api.call('tech.unlock', { pin }).then(
      (r) => {
        setUnlocked(r.ok);
        setWrong(!r.ok);
        setPin('');
      },
      (err: unknown) => {
        setWrong(codeOf(err) !== '');
        setPin('');
      },
    );
  };
  return (
    <Frame title={<Bi k="kiosk.tech.title" as="h2" />}>
      <div className="pin-pad" data-testid="tech-pin">
        <Bi k="kiosk.tech.pin" as="p" />
        <output className="pin-dots" aria-label={t('kiosk.tech.pin')}>
          {'●'.repeat(pin.length) || '\u00a0'}
        </output>
        {wrong && (
          <p role="alert" data-testid="pin-wrong">
            <Bi k="kiosk.tech.pinWrong" />
          </p>
        )}
        <div className="keypad">
          {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((k) => (
            <button
              key={k}
              type="button"
              className="key"
              data-testid={`pin-${k}`}
              onClick={() => setPin(pin + k)}
            >
              {k}
            </button>
          ))}
          <button type="button" className="key key-word" onClick={() => setPin(pin.slice(0, -1))}>
            <Bi k="kiosk.keypad.delete" />
          </button>
        </div>
        <BigButton onClick={submit} disabled={!pin} testId="pin-ok">
          <Bi k="common.confirm" />
        </BigButton>
      </div>
    </Frame>
  );
}
