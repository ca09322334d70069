import type { ReactNode } from 'react';

/** A labelled form control (the label wraps it, so a click or screen reader finds it). */
export function Field({ label, children, help }: { label: string; children: ReactNode; help?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {help && <small className="field-help">{help}</small>}
    </label>
  );
}
