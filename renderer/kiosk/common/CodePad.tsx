import { Bi, useI18n } from '../../shared/i18n';
import './code-pad.css';

// The on-screen keys of an appointment code (upper-case letters and digits): the kiosk has no
// physical keyboard, so every key is a large button; what was typed shows above them.

const ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

export function CodePad({
  value,
  maxLength,
  onChange,
}: {
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
        </div>
      </div>
    </div>
  );
}
