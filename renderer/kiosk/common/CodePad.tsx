import type { ReactNode } from 'react';
import { Bi, useI18n } from '../../shared/i18n';
import './code-pad.css';

// The on-screen keys of an appointment code (upper-case letters and digits): the kiosk has no
// physical keyboard, so every key is a large button; what was typed shows above them. Codes have no
// O, I or L (contract/appointment-code.ts): those keys are left out, and 0 and 1 stay for codes booked
// before (central reads O as 0, I and L as 1).

const ROWS = ['1234567890', 'QWERTYUP', 'ASDFGHJK', 'ZXCVBNM'];

export function CodePad({
  value,
  maxLength,
  onChange,
  action,
}: {
  /** Shown at the end of the delete/clear row (the confirm key), so it stays within the pad's height. */
  action?: ReactNode;
  value: string;
  maxLength: number;
  onChange(value: string): void;
}) {
  const { t } = useI18n();
  const full = value.length >= maxLength;
  return (
    <div className="code-pad">
      <output
        className="code-entry"
        data-testid="code-value"
        aria-live="polite"
        aria-label={t('kiosk.code.title')}
      >
        {value || '\u00a0'}
      </output>
      <p className="code-count">
        <Bi k="kiosk.code.count" params={{ n: value.length }} />
      </p>
      <div className="code-keys" role="group" aria-label={t('kiosk.code.keys')}>
        {ROWS.map((row) => (
          <div className="code-row" key={row}>
            {[...row].map((k) => (
              <button
                key={k}
                type="button"
                className="code-key"
                data-testid={`code-key-${k}`}
                disabled={full}
                onClick={() => onChange(value + k)}
              >
                {k}
              </button>
            ))}
          </div>
        ))}
        <div className="code-row">
          <button
            type="button"
            className="code-key wide"
            data-testid="code-del"
            onClick={() => onChange(value.slice(0, -1))}
          >
            <Bi k="kiosk.keypad.delete" />
          </button>
          <button type="button" className="code-key wide" onClick={() => onChange('')}>
            <Bi k="kiosk.keypad.clear" />
          </button>
          {action}
        </div>
      </div>
    </div>
  );
}
