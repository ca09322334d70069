import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResidentAppointment } from '../../../contract/api/appointments';
import { Bi } from '../../shared/i18n';
import { BigButton, Frame, Pager } from '../common/Frame';
import { CodeText, Name } from '../common/Texts';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { useLive } from '../live/LiveStatus';
import { useElder, useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import { clock, dayOf, dayParams, rowState, weekdayParams } from './checkInWindow';
import './appointments.css';

/**
 * 预约签到. A resident identified by card or typed number sees their appointments at this centre,
 * today and the next days, each saying what it allows now: 签到 when check-in is open, from when when
 * it is too early, and a normal ticket when it is too late. None found says so and offers a ticket or
 * booking. A scanned appointment code names one appointment, so it checks in at once.
 */
export function AppointmentsScreen() {
  const { state } = useSession();
  useSpoken('kiosk.appt.title');
  const source = state.identity?.source;
  if (source === 'appointment_code') return <CheckInByCode />;
  // A typed number is anyone's number: no list of that person's appointments and codes (issue 11).
  return source === 'manual' ? <TypedNumber /> : <MyAppointments />;
}

/**
 * After a typed ID number: says why nothing is listed, and checks in the appointment due now on
 * request (central picks it by the number; the agent sees the ticket as unverified).
 */
function TypedNumber() {
  const [checking, setChecking] = useState(false);
  if (checking) return <CheckInByCode />;
  return (
    <Frame title={<Bi k="kiosk.appt.title" as="h2" />}>
      <div className="notice info" role="status" data-testid="appt-typed">
        <Bi k="kiosk.appt.typedNote" as="p" />
        <div className="actions">
          <BigButton onClick={() => setChecking(true)} testId="appt-check-in-now">
            <Bi k="kiosk.appt.checkInNow" />
          </BigButton>
        </div>
      </div>
    </Frame>
  );
}

type Listing =
  | { state: 'loading' }
  | { state: 'list'; appointments: ResidentAppointment[] }
  | { state: 'offline' }
  | { state: 'problem'; code: string };

/** Codes after which the list is asked for again: the appointment changed meanwhile. */
const STALE = new Set(['OUTSIDE_CHECK_IN_WINDOW', 'NOT_FOUND', 'INVALID_TRANSITION']);

function MyAppointments() {
  const api = useDoorstep();
  const { dispatch, want } = useSession();
  const { catalog } = useLive();
  const { elder } = useElder();
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const started = useRef(false);

  const load = useCallback(
    () =>
      api.call('appointments.mine', {}).then(
        (r) => setListing({ state: 'list', appointments: r.appointments }),
        (err: unknown) => {
          const code = codeOf(err);
          setListing(code === 'UNAVAILABLE' ? { state: 'offline' } : { state: 'problem', code });
        },
      ),
    [api],
  );
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void load();
  }, [load]);

  const checkIn = async (a: ResidentAppointment) => {
    setBusy(a.id);
    setProblem(null);
    try {
      dispatch({ type: 'issued', result: await api.call('appointments.checkIn', { appointmentId: a.id }) });
    } catch (err) {
      const code = codeOf(err);
      setBusy(null);
      if (code === 'UNAVAILABLE') setListing({ state: 'offline' });
      else if (STALE.has(code)) await load();
      else setProblem(code);
    }
  };
  const takeNormal = (itemId?: string) => {
    const item = itemId ? catalog?.find((i) => i.id === itemId) : undefined;
    const channel = item && !item.channels.includes('window') ? 'video' : 'window';
    want({ kind: 'take', channel, itemId });
  };

  const perPage = elder ? 2 : 4;
  const list = listing.state === 'list' ? listing.appointments : [];
  const pages = Math.max(1, Math.ceil(list.length / perPage));
  const shown = list.slice(Math.min(page, pages - 1) * perPage).slice(0, perPage);
  return (
    <Frame title={<Bi k="kiosk.appt.title" as="h2" />}>
      {listing.state === 'loading' && <Bi k="kiosk.appt.looking" as="p" />}
      {listing.state === 'offline' && (
        <div className="notice warn" role="alert" data-testid="needs-central">
          <Bi k="kiosk.offline.needsCentral" as="p" />
          <BigButton onClick={() => takeNormal()}>
            <Bi k="kiosk.tile.take" />
          </BigButton>
        </div>
      )}
      {listing.state === 'problem' && (
        <div className="notice warn" role="alert" data-testid="appt-problem">
          <CodeText code={listing.code} />
        </div>
      )}
      {listing.state === 'list' && list.length === 0 && (
        <div className="notice info" role="status" data-testid="appt-none">
          <Bi k="kiosk.appt.none" as="p" />
          <div className="actions">
            <BigButton onClick={() => takeNormal()}>
              <Bi k="kiosk.tile.take" />
            </BigButton>
            <BigButton kind="secondary" onClick={() => want({ kind: 'booking' })} testId="appt-book">
              <Bi k="kiosk.tile.book" />
            </BigButton>
          </div>
        </div>
      )}
      {problem && (
        <div className="notice warn" role="alert" data-testid="appt-problem">
          <CodeText code={problem} />
        </div>
      )}
      {list.length > 0 && (
        <>
          <ul className="appt-list" data-testid="appt-list">
            {shown.map((a) => (
              <li key={a.id}>
                <AppointmentRow
                  a={a}
                  busy={busy !== null}
                  onCheckIn={() => void checkIn(a)}
                  onTakeNormal={() => takeNormal(a.itemId)}
                />
              </li>
            ))}
          </ul>
          <Pager page={Math.min(page, pages - 1)} pages={pages} onPage={setPage} />
        </>
      )}
    </Frame>
  );
}

function AppointmentRow({
  a,
  busy,
  onCheckIn,
  onTakeNormal,
}: {
  a: ResidentAppointment;
  busy: boolean;
  onCheckIn(): void;
  onTakeNormal(): void;
}) {
  const { catalog } = useLive();
  const item = catalog?.find((i) => i.id === a.itemId);
  const today = dayOf(a.startsAt) === dayOf(new Date().toISOString());
  const state = rowState(a);
  return (
    <div className={`appt appt-${state}`} data-testid={`appt-${a.code}`} data-state={state}>
      <div className="appt-info">
        <span className="appt-when">
          {today ? (
            <Bi k="kiosk.appt.today" />
          ) : (
            <Bi k="kiosk.appt.date" params={weekdayParams(a.startsAt)} />
          )}
        </span>
        <span className="appt-time">
          {clock(a.startsAt)}–{clock(a.endsAt)}
        </span>
        {item && <Name value={item.name} />}
        <span className="appt-code">
          <Bi k="kiosk.book.code" params={{ code: a.code }} />
        </span>
      </div>
      <div className="appt-action">
        {state === 'checked_in' && (
          <p className="appt-msg" data-testid="appt-checked-in">
            <Bi k="kiosk.appt.checkedIn" />
          </p>
        )}
        {state === 'open' && (
          <BigButton onClick={onCheckIn} disabled={busy} testId="appt-check-in">
            <Bi k="kiosk.appt.checkIn" />
          </BigButton>
        )}
        {state === 'early' && (
          <p className="appt-msg" data-testid="appt-early">
            {today ? (
              <Bi k="kiosk.appt.early" params={{ time: clock(a.checkIn.opensAt) }} />
            ) : (
              <Bi
                k="kiosk.appt.earlyDay"
                params={{ ...dayParams(a.startsAt), time: clock(a.checkIn.opensAt) }}
              />
            )}
          </p>
        )}
        {state === 'late' && (
          <div className="appt-msg" data-testid="appt-late">
            <Bi k="kiosk.appt.late" as="p" params={{ time: clock(a.checkIn.closesAt) }} />
            <BigButton onClick={onTakeNormal} disabled={busy} testId="appt-take-normal">
              <Bi k="kiosk.appt.takeNormal" />
            </BigButton>
          </div>
        )}
      </div>
    </div>
  );
}

type CodeOutcome =
  { state: 'checking' } | { state: 'none' } | { state: 'outside' } | { state: 'problem'; code: string };

/** A scanned or typed appointment code: check in at once, and say why when that cannot be done. */
function CheckInByCode() {
  const api = useDoorstep();
  const { dispatch, want } = useSession();
  const [outcome, setOutcome] = useState<CodeOutcome>({ state: 'checking' });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api.call('appointments.checkIn', { appointmentId: '' }).then(
      (result) => dispatch({ type: 'issued', result }),
      (err: unknown) => {
        const code = codeOf(err);
        if (code === 'NOT_FOUND') setOutcome({ state: 'none' });
        else if (code === 'OUTSIDE_CHECK_IN_WINDOW') setOutcome({ state: 'outside' });
        else setOutcome({ state: 'problem', code });
      },
    );
  }, [api, dispatch]);

  const takeNormal = () => want({ kind: 'take', channel: 'window' });
  return (
    <Frame title={<Bi k="kiosk.appt.title" as="h2" />}>
      {outcome.state === 'checking' && <Bi k="kiosk.appt.checkingIn" as="p" />}
      {outcome.state === 'none' && (
        <div className="notice info" role="status" data-testid="appt-none">
          <Bi k="kiosk.appt.none" as="p" />
          <div className="actions">
            <BigButton onClick={takeNormal}>
              <Bi k="kiosk.tile.take" />
            </BigButton>
            <BigButton kind="secondary" onClick={() => want({ kind: 'booking' })} testId="appt-book">
              <Bi k="kiosk.tile.book" />
            </BigButton>
          </div>
        </div>
      )}
      {outcome.state === 'outside' && (
        <div className="notice warn" role="alert" data-testid="appt-outside">
          <Bi k="kiosk.appt.outside" as="p" />
          <BigButton onClick={takeNormal}>
            <Bi k="kiosk.appt.takeNormal" />
          </BigButton>
        </div>
      )}
      {outcome.state === 'problem' && (
        <div className="notice warn" role="alert" data-testid="appt-problem">
          <CodeText code={outcome.code} />
        </div>
      )}
    </Frame>
  );
}
