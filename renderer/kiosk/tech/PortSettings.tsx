import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import type { KioskRequest, KioskResponse } from '../../../contract/kiosk';
import { Bi, useI18n } from '../../shared/i18n';
import { BigButton } from '../common/Frame';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';

// The technician's port settings: port and baud per device (choices from the ports on this machine and
// auto-detect), the printer's paper width and QR, then tech.setPorts; the devices reconnect and their
// status shows live in the panel above. Only what changed is sent, so an untouched device keeps running.

type Ports = KioskResponse<'tech.ports'>;
type Device = 'reader' | 'printer' | 'scanner';
type Form = Record<Device, { path: string; baudRate: number }> & { paperWidth: '58mm' | '80mm'; qr: boolean };
/** What an action came to: a message, or the code of what failed (shown by the panel). */
export type Note = { key: MessageKey; params?: Record<string, string | number> } | { code: string };

const DEVICES: Array<{ id: Device; label: MessageKey }> = [
  { id: 'reader', label: 'kiosk.tech.reader' },
  { id: 'printer', label: 'kiosk.tech.printer' },
  { id: 'scanner', label: 'kiosk.tech.scanner' },
];
const DEFAULT_BAUD: Record<Device, number> = { reader: 115200, printer: 9600, scanner: 9600 };

function formOf(p: Ports): Form {
  const dev = (d: Device) => ({
    path: p.current[d]?.path ?? '',
    baudRate: p.current[d]?.baudRate ?? DEFAULT_BAUD[d],
  });
  return {
    reader: dev('reader'),
    printer: dev('printer'),
    scanner: dev('scanner'),
    paperWidth: p.current.paperWidth,
    qr: p.current.qr,
  };
}

/** Only the changes, in tech.setPorts terms (an empty scanner port = no serial scanner). */
function changes(before: Form, after: Form): KioskRequest<'tech.setPorts'> {
  const out: KioskRequest<'tech.setPorts'> = {};
  const moved = (d: Device) => before[d].path !== after[d].path || before[d].baudRate !== after[d].baudRate;
  if (moved('reader') && after.reader.path) out.reader = after.reader;
  if (moved('printer') && after.printer.path) out.printer = after.printer;
  if (moved('scanner')) out.scanner = after.scanner.path ? after.scanner : null;
  if (before.paperWidth !== after.paperWidth || before.qr !== after.qr) {
    out.printerProfile = { paperWidth: after.paperWidth, qr: after.qr };
  }
  return out;
}

export function PortSettings({ onDone }: { onDone(note: Note): void }) {
  const api = useDoorstep();
  const { t } = useI18n();
  const id = useId();
  const [ports, setPorts] = useState<Ports | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [busy, setBusy] = useState(false);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });

  const load = useCallback(
    () =>
      api.call('tech.ports', {}).then(
        (p) => {
          setPorts(p);
          setForm(formOf(p));
        },
        (err: unknown) => done.current({ code: codeOf(err) }),
      ),
    [api],
  );
  useEffect(() => void load(), [load]);

  if (!ports || !form) return null;
  const set = (d: Device, patch: Partial<Form[Device]>) =>
    setForm({ ...form, [d]: { ...form[d], ...patch } });
  const act = (p: Promise<Note>) => {
    setBusy(true);
    p.then(onDone, (err: unknown) => onDone({ code: codeOf(err) })).finally(() => setBusy(false));
  };
  const save = () => {
    const change = changes(formOf(ports), form);
    if (Object.keys(change).length === 0) return onDone({ key: 'kiosk.tech.ports.unchanged' });
    act(
      api
        .call('tech.setPorts', change)
        .then(load)
        .then((): Note => ({ key: 'kiosk.tech.ports.saved' })),
    );
  };
  const detect = () =>
    act(
      api.call('tech.detect', {}).then(async (d): Promise<Note> => {
        await load();
        return {
          key: 'kiosk.tech.ports.detected',
          params: { reader: d.reader ?? '—', printer: d.printer ?? '—' },
        };
      }),
    );

  return (
    <section className="tech-ports" aria-labelledby={`${id}-title`} data-testid="tech-ports">
      <h3 id={`${id}-title`}>
        <Bi k="kiosk.tech.ports.title" />
      </h3>
      <div className="tech-port-grid">
        {DEVICES.map(({ id: d, label }) => {
          // Only plausible ports: one another device holds is not offered (two devices on one port
          // would both fail), the device's own stays.
          const taken = new Set(DEVICES.filter((o) => o.id !== d).map((o) => form[o.id].path));
          const free = ports.candidates.filter((p) => !taken.has(p));
          const choices = [...new Set([form[d].path, ...free].filter(Boolean))];
          return (
            <div className="tech-port-row" key={d}>
              <label htmlFor={`${id}-${d}-port`}>
                <Bi k={label} />
              </label>
              <select
                id={`${id}-${d}-port`}
                data-testid={`port-${d}`}
                value={form[d].path}
                onChange={(e) => set(d, { path: e.target.value })}
              >
                {d === 'scanner' ? (
                  <option value="">{t('kiosk.tech.ports.none')}</option>
                ) : (
                  !form[d].path && (
                    <option value="" disabled>
                      {t('kiosk.tech.ports.choose')}
                    </option>
                  )
                )}
                {choices.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <span aria-hidden="true">
                <Bi k="kiosk.tech.ports.baud" />
              </span>
              <select
                aria-label={`${t(label)} ${t('kiosk.tech.ports.baud')}`}
                data-testid={`baud-${d}`}
                value={form[d].baudRate}
                onChange={(e) => set(d, { baudRate: Number(e.target.value) })}
              >
                {ports.bauds.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
        <div className="tech-port-row">
          <label htmlFor={`${id}-paper`}>
            <Bi k="kiosk.tech.ports.paper" />
          </label>
          <select
            id={`${id}-paper`}
            data-testid="paper-width"
            value={form.paperWidth}
            onChange={(e) => setForm({ ...form, paperWidth: e.target.value as Form['paperWidth'] })}
          >
            <option value="80mm">80 mm</option>
            <option value="58mm">58 mm</option>
          </select>
          <button
            type="button"
            className="big-button secondary tech-toggle"
            aria-pressed={form.qr}
            data-testid="ticket-qr"
            onClick={() => setForm({ ...form, qr: !form.qr })}
          >
            <span aria-hidden="true">{form.qr ? '☑' : '☐'}</span> <Bi k="kiosk.tech.ports.qr" />
          </button>
        </div>
      </div>
      <div className="actions">
        <BigButton testId="tech-ports-save" onClick={save} disabled={busy}>
          <Bi k="kiosk.tech.ports.save" />
        </BigButton>
        <BigButton testId="tech-detect" kind="secondary" onClick={detect} disabled={busy}>
          <Bi k="kiosk.tech.detect" />
        </BigButton>
      </div>
    </section>
  );
}
