import { useEffect, useState } from 'react';
import type { Appointment } from '../../../contract/appointment';
import { Name } from '../common/Name';
import { Bi } from '../../shared/i18n';
import { CodeText } from '../common/CodeText';
import { BigButton, Frame } from '../common/Frame';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { useLive } from '../live/LiveStatus';
import { useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import { checkInState, clock } from './checkInWindow';
import './appointments.css';

/** 预约签到: today's appointments of this person; check-in within the window, or say why not. */
export function AppointmentsScreen() {
  const api = useDoorstep();
  const { dispatch, fail, want } = useSession();
  const [list, setList] = useState<Appointment[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useSpoken('kiosk.appt.title');

  useEffect(() => {
    api.call('appointments.mine', {}).then((r) => setList(r.appointments), fail);
  }, [api, fail]);

  const checkIn = (a: Appointment) => {
    setBusy(true);
    setProblem(null);
    api.call('appointments.checkIn', { appointmentId: a.id }).then(
      (result) => dispatch({ type: 'issued', result }),
      (err: unknown) => {
        setBusy(false);
        setProblem(codeOf(err));
      },
    );
  };
  const today = (list ?? []).filter((a) => a.status === 'booked' || a.status === 'checked_in');

  return (
    <Frame title={<Bi k="kiosk.appt.title" as="h2" />}>
      {problem && (
        <div className="notice warn" role="alert" data-testid="appt-problem">
          <CodeText code={problem} />
        </div>
      )}
      {list && today.length === 0 && (
        <div className="notice info" role="status" data-testid="appt-none">
          <Bi k="kiosk.appt.none" as="p" />
          <div className="actions">
            <BigButton onClick={() => want({ kind: 'take', channel: 'window' })}>
              <Bi k="kiosk.tile.take" />
            </BigButton>
            <BigButton kind="secondary" onClick={() => want({ kind: 'booking' })}>
              <Bi k="kiosk.tile.book" />
            </BigButton>
          </div>
        </div>
      )}
      <ul className="appt-list" data-testid="appt-list">
        {today.map((a) => (
          <li key={a.id}>
            <AppointmentRow a={a} busy={busy} onCheckIn={() => checkIn(a)} />
          </li>
        ))}
      </ul>
    </Frame>
  );
}

function AppointmentRow({ a, busy, onCheckIn }: { a: Appointment; busy: boolean; onCheckIn(): void }) {
  const { catalog } = useLive();
  const { want } = useSession();
  const item = catalog?.find((i) => i.id === a.itemId);
  const win = checkInState(new Date(), a.startsAt);
  return (
    <div className="appt" data-testid={`appt-${a.code}`}>
      <div className="appt-info">
        <span className="appt-time">
          {clock(a.startsAt)}–{clock(a.endsAt)}
        </span>
        {item && <Name value={item.name} />}
      </div>
      {a.status === 'checked_in' && <Bi k="kiosk.appt.checkedIn" />}
      {a.status === 'booked' && win.state === 'open' && (
        <BigButton onClick={onCheckIn} disabled={busy} testId="appt-check-in">
          <Bi k="kiosk.appt.checkIn" />
        </BigButton>
      )}
      {a.status === 'booked' && win.state === 'early' && (
        <p className="appt-msg" data-testid="appt-early">
          <Bi k="kiosk.appt.early" params={{ time: clock(win.opensAt) }} />
        </p>
      )}
      {a.status === 'booked' && win.state === 'late' && (
        <div className="appt-msg" data-testid="appt-late">
          <Bi k="kiosk.appt.late" as="p" />
          <BigButton onClick={() => want({ kind: 'take', channel: 'window', itemId: a.itemId })}>
            <Bi k="kiosk.appt.takeNormal" />
          </BigButton>
        </div>
      )}
    </div>
  );
}
