import { useCallback, useEffect, useRef, useState } from 'react';
import type { Appointment } from '../../../contract/appointment';
import { Bi } from '../../shared/i18n';
import { CodeText } from '../common/Texts';
import { BigButton, Frame } from '../common/Frame';
import { Name } from '../common/Texts';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { useLive } from '../live/LiveStatus';
import { useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import { checkInState, clock } from './checkInWindow';
import './appointments.css';

type Outcome =
  { state: 'checking' } | { state: 'none' } | { state: 'outside' } | { state: 'problem'; code: string };

/**
 * 预约签到: the resident came to check in, so the kiosk checks in at once (central finds today's
 * appointment by the card's ID number or the scanned code) and says clearly why when it cannot:
 * none found, too early (with the time when known), or too late (then a normal ticket).
 */
export function AppointmentsScreen() {
  const api = useDoorstep();
  const { dispatch, want } = useSession();
  const [outcome, setOutcome] = useState<Outcome>({ state: 'checking' });
  const [known, setKnown] = useState<Appointment[]>([]);
  const started = useRef(false);
  useSpoken('kiosk.appt.title');

  const checkIn = useCallback(
    async (appointmentId: string) => {
      setOutcome({ state: 'checking' });
      try {
        dispatch({ type: 'issued', result: await api.call('appointments.checkIn', { appointmentId }) });
      } catch (err) {
        const code = codeOf(err);
        if (code === 'NOT_FOUND') setOutcome({ state: 'none' });
        else if (code === 'OUTSIDE_CHECK_IN_WINDOW') setOutcome({ state: 'outside' });
        else setOutcome({ state: 'problem', code });
      }
    },
    [api, dispatch],
  );

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // Appointments booked in this session are known with their times; central finds the others.
    api.call('appointments.mine', {}).then(
      (r) => {
        setKnown(r.appointments);
        return checkIn(r.appointments.find((a) => a.status === 'booked')?.id ?? '');
      },
      () => checkIn(''),
    );
  }, [api, checkIn]);

  const takeNormal = (itemId?: string) => want({ kind: 'take', channel: 'window', itemId });
  return (
    <Frame title={<Bi k="kiosk.appt.title" as="h2" />}>
      {outcome.state === 'checking' && <Bi k="kiosk.appt.checkingIn" as="p" />}
      {outcome.state === 'none' && (
        <div className="notice info" role="status" data-testid="appt-none">
          <Bi k="kiosk.appt.none" as="p" />
          <div className="actions">
            <BigButton onClick={() => takeNormal()}>
              <Bi k="kiosk.tile.take" />
            </BigButton>
            <BigButton kind="secondary" onClick={() => want({ kind: 'booking' })}>
              <Bi k="kiosk.tile.book" />
            </BigButton>
          </div>
        </div>
      )}
      {outcome.state === 'outside' && known.length === 0 && (
        <div className="notice warn" role="alert" data-testid="appt-outside">
          <Bi k="kiosk.appt.outside" as="p" />
          <BigButton onClick={() => takeNormal()}>
            <Bi k="kiosk.appt.takeNormal" />
          </BigButton>
        </div>
      )}
      {outcome.state === 'problem' && (
        <div className="notice warn" role="alert" data-testid="appt-problem">
          <CodeText code={outcome.code} />
        </div>
      )}
      {outcome.state !== 'checking' && known.length > 0 && (
        <ul className="appt-list" data-testid="appt-list">
          {known.map((a) => (
            <li key={a.id}>
              <AppointmentRow
                a={a}
                onCheckIn={() => checkIn(a.id)}
                onTakeNormal={() => takeNormal(a.itemId)}
              />
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}

function AppointmentRow({
  a,
  onCheckIn,
  onTakeNormal,
}: {
  a: Appointment;
  onCheckIn(): void;
  onTakeNormal(): void;
}) {
  const { catalog } = useLive();
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
      {a.status === 'booked' && win.state === 'early' && (
        <p className="appt-msg" data-testid="appt-early">
          <Bi k="kiosk.appt.early" params={{ time: clock(win.opensAt) }} />
        </p>
      )}
      {a.status === 'booked' && win.state === 'open' && (
        <BigButton onClick={onCheckIn} testId="appt-check-in">
          <Bi k="kiosk.appt.checkIn" />
        </BigButton>
      )}
      {a.status === 'booked' && win.state === 'late' && (
        <div className="appt-msg" data-testid="appt-late">
          <Bi k="kiosk.appt.late" as="p" />
          <BigButton onClick={onTakeNormal}>
            <Bi k="kiosk.appt.takeNormal" />
          </BigButton>
        </div>
      )}
    </div>
  );
}
