import type { ReactNode } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import { Bi } from '../i18n';
import './ui.css';

// The staff front ends' shared components (console, dashboard, admin pages) on the design tokens of
// tokens.css. Wrap a staff app in `.ui` (or <StaffRoot>) and the browser-default controls inside take
// the shared look; these components add what plain elements lack: tones, both languages, test hooks.

export type Tone = 'neutral' | 'ok' | 'warn' | 'danger' | 'calling' | 'serving' | 'call';

/** The root of a staff front end: design tokens and the shared control styles apply inside. */
export function StaffRoot({ className = '', children }: { className?: string; children: ReactNode }) {
  return <div className={`ui ${className}`.trim()}>{children}</div>;
}

/** A coloured state label, as on a counter panel ("空闲可接", "呼叫中"). */
export function Pill(props: {
  tone: Tone;
  children: ReactNode;
  small?: boolean;
  testId?: string;
  state?: string;
  title?: string;
}) {
  return (
    <span
      className={`ui-pill tone-${props.tone}${props.small ? ' small' : ''}`}
      data-testid={props.testId}
      data-state={props.state}
      title={props.title}
    >
      {props.children}
    </span>
  );
}

/** A message across the page in both languages (connection lost, maintenance…). */
export function Banner(props: { tone: Tone; k: MessageKey; testId?: string; busy?: boolean }) {
  return (
    <div
      role={props.tone === 'danger' ? 'alert' : 'status'}
      className={`ui-banner tone-${props.tone}`}
      data-testid={props.testId}
      aria-busy={props.busy || undefined}
    >
      <Bi k={props.k} />
    </div>
  );
}

/** A white card with an optional small title. */
export function Panel(props: {
  title?: ReactNode;
  className?: string;
  testId?: string;
  children: ReactNode;
  label?: string;
}) {
  return (
    <section
      className={`ui-panel ${props.className ?? ''}`.trim()}
      data-testid={props.testId}
      aria-label={props.label}
    >
      {props.title && <h2 className="ui-panel-title">{props.title}</h2>}
      {props.children}
    </section>
  );
}
