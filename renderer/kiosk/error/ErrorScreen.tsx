import { useEffect, useRef, useState } from 'react';
import { Bi } from '../../shared/i18n';
import { CodeText } from '../common/Texts';
import { BigButton, Frame } from '../common/Frame';
import { useSession } from '../session/KioskSession';

const RETURN_SEC = 15;

/** What happened and what to do next, in both languages; back to the start by itself. */
export function ErrorScreen({ code, fields = [] }: { code: string; fields?: string[] }) {
  const { end } = useSession();
  const left = useAutoReturn(RETURN_SEC, end);
  return (
    <Frame title={<Bi k="kiosk.error.title" as="h2" />}>
      <div
        className="error-screen"
        role="alert"
        data-testid="error-screen"
        data-code={code}
        data-fields={fields.join(' ') || undefined}
      >
        <p className="error-text">
          <CodeText code={code} />
        </p>
        <p className="error-return">
          <Bi k="kiosk.error.returning" params={{ n: left }} />
        </p>
        <BigButton onClick={end} testId="error-home">
          <Bi k="common.home" />
        </BigButton>
      </div>
    </Frame>
  );
}

/** Counts down from `seconds` and calls `onDone` at zero: screens that must not dead-end. */
function useAutoReturn(seconds: number, onDone: () => void): number {
  const [left, setLeft] = useState(seconds);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(timer);
        done.current();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}
