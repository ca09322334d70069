import { useState } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import { Bi, useI18n } from '../../shared/i18n';
import { canAppend, checkEntry, ID_LENGTH } from './idInput';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0'] as const;

/** The large on-screen keypad for an ID number, checked as each digit is typed. */
export function Keypad({ busy, onSubmit }: { busy: boolean; onSubmit(id: string): void }) {
  const [entry, setEntry] = useState('');
  const { t } = useI18n();
  const check = checkEntry(entry);
  const problemKey: MessageKey | null =
    check.state === 'invalid' ? (`kiosk.keypad.bad.${check.problem}` as MessageKey) : null;
  const grouped = [entry.slice(0, 6), entry.slice(6, 14), entry.slice(14)].filter(Boolean).join(' ');

  return (
    <div className="keypad-wrap">
      <Bi k="kiosk.keypad.title" as="h2" />
      <output
        className={`id-entry ${check.state}`}
        data-testid="id-entry"
        aria-live="polite"
        aria-label={t('kiosk.keypad.count', { n: entry.length })}
      >
        {grouped || '\u00a0'}
      </output>
      <div className="entry-state" data-testid="entry-state" role={problemKey ? 'alert' : undefined}>
        {problemKey && <Bi k={problemKey} />}
        {check.state === 'valid' && <Bi k="kiosk.keypad.ok" />}
        {check.state === 'incomplete' && <Bi k="kiosk.keypad.count" params={{ n: entry.length }} />}
      </div>
      <div className="keypad" role="group" aria-label={t('kiosk.keypad.title')}>
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            className="key"
            data-testid={`key-${k}`}
            disabled={!canAppend(entry, k)}
            onClick={() => setEntry(entry + k)}
          >
            {k}
          </button>
        ))}
        <button
          type="button"
          className="key key-word key-del"
          data-testid="key-del"
          onClick={() => setEntry(entry.slice(0, -1))}
        >
          <Bi k="kiosk.keypad.delete" />
        </button>
        <button type="button" className="key key-word key-clear" onClick={() => setEntry('')}>
          <Bi k="kiosk.keypad.clear" />
        </button>
        <button
          type="button"
          className="key key-ok"
          data-testid="key-ok"
          disabled={busy || check.state !== 'valid' || entry.length !== ID_LENGTH}
          onClick={() => onSubmit(entry)}
        >
          <Bi k="common.confirm" />
        </button>
      </div>
    </div>
  );
}
