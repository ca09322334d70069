import { useEffect, useState } from 'react';
import type { BookResponse } from '../../../contract/api/appointments';
import type { PrintOutcome } from '../../../contract/kiosk';
import type { AppointmentSlot } from '../../../contract/appointment';
import type { ServiceItem } from '../../../contract/catalog';
import { groupAppointmentCode } from '../../../contract/appointment-code';
import { ItemPicker } from '../common/ItemPicker';
import { Bi } from '../../shared/i18n';
import { CodeText, Name } from '../common/Texts';
import { BigButton, Frame } from '../common/Frame';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { pageOf } from '../guide/search';
import { useLive } from '../live/LiveStatus';
import { useFittingPageSize } from '../common/fit';
import { useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import { clock, dayOf, weekdayParams } from './checkInWindow';
import './appointments.css';

const DAYS = 7;

/** 预约: choose an item, then a free slot in the next days; confirms with the appointment code. */
export function BookingScreen() {
  const { catalog } = useLive();
  const { ref: listRef, size: pageSize } = useFittingPageSize<HTMLUListElement>();
  const [item, setItem] = useState<ServiceItem | null>(null);
  const [page, setPage] = useState(0);
  useSpoken('kiosk.book.chooseItem');
  if (item) return <Slots item={item} onBack={() => setItem(null)} />;
  const { items, pages } = pageOf(catalog ?? [], page, pageSize);
  return (
    <Frame title={<Bi k="kiosk.book.chooseItem" as="h2" />}>
      <ItemPicker
        items={items}
        page={page}
        pages={pages}
        onPage={setPage}
        onChoose={setItem}
        testId="book"
        listRef={listRef}
      />
    </Frame>
  );
}

function Slots({ item, onBack }: { item: ServiceItem; onBack(): void }) {
  const api = useDoorstep();
  const { fail, want, end } = useSession();
  const [slots, setSlots] = useState<AppointmentSlot[] | null>(null);
  const [booked, setBooked] = useState<(BookResponse & { print?: PrintOutcome }) | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<AppointmentSlot | null>(null);

  useEffect(() => {
    api.call('appointments.slots', { itemId: item.id, days: DAYS }).then((r) => setSlots(r.slots), fail);
  }, [api, item.id, fail]);

  if (booked) {
    return (
      <Frame title={<Bi k="kiosk.book.done" as="h2" />}>
        <div className="notice ok booked" role="status" data-testid="booked">
          <p className="appt-time">
            <Bi
              k="kiosk.book.confirmWhen"
              params={{
                ...weekdayParams(booked.startsAt),
                from: clock(booked.startsAt),
                to: clock(booked.endsAt),
              }}
            />
          </p>
          <Bi k="kiosk.book.code" params={{ code: groupAppointmentCode(booked.code) }} as="p" />
          <Bi
            k="kiosk.book.remember"
            params={{ from: clock(booked.checkIn.opensAt), to: clock(booked.checkIn.closesAt) }}
            as="p"
          />
        </div>
        {booked.print?.printed && (
          <div className="notice ok" role="status" data-testid="slip-printed">
            <Bi k="kiosk.book.slipPrinted" as="p" />
          </div>
        )}
        {booked.print && !booked.print.printed && (
          <div className="notice warn" role="alert" data-testid="slip-not-printed">
            {booked.print.reason && <CodeText code={booked.print.reason} />}
          </div>
        )}
        {/* A way out that says "finished", as after a ticket: the header's home key reads as "cancel". */}
        <div className="actions">
          <BigButton onClick={end} testId="booked-done">
            <Bi k="kiosk.ticket.done" />
          </BigButton>
        </div>
      </Frame>
    );
  }
  const book = (slot: AppointmentSlot) => {
    setBusy(true);
    setProblem(null);
    api.call('appointments.book', { slotId: slot.id }).then(setBooked, (err: unknown) => {
      const code = codeOf(err);
      if (code !== 'SLOT_FULL' && code !== 'BOOKING_BLOCKED') return fail(err);
      setBusy(false);
      setProblem(code);
      if (code === 'SLOT_FULL') setPending(null); // back to the times, with the reason above them
    });
  };
  if (pending) {
    // One tap on a time does not book: the resident sees what, which day (with its weekday) and when.
    const when = {
      ...weekdayParams(pending.startsAt),
      from: clock(pending.startsAt),
      to: clock(pending.endsAt),
    };
    return (
      <Frame title={<Bi k="kiosk.book.confirmTitle" as="h2" />}>
        <div className="confirm book-confirm" data-testid="book-confirm-panel">
          <Name value={item.name} as="h3" />
          <p className="appt-time" data-testid="book-when">
            <Bi k="kiosk.book.confirmWhen" params={when} />
          </p>
          {problem && (
            <div className="notice warn" role="alert" data-testid="book-problem">
              <CodeText code={problem} />
            </div>
          )}
          <div className="actions">
            <BigButton kind="secondary" onClick={() => setPending(null)} disabled={busy}>
              <Bi k="kiosk.book.other" />
            </BigButton>
            <BigButton onClick={() => book(pending)} disabled={busy} testId="book-confirm">
              <Bi k="kiosk.book.confirm" />
            </BigButton>
          </div>
        </div>
      </Frame>
    );
  }
  const free = (slots ?? []).filter((s) => s.booked < s.capacity);
  const days = [...new Set(free.map((s) => dayOf(s.startsAt)))];
  return (
    <Frame title={<Bi k="kiosk.book.chooseSlot" as="h2" />}>
      {problem && (
        <div className="notice warn" role="alert" data-testid="book-problem">
          <CodeText code={problem} />
        </div>
      )}
      {slots && free.length === 0 && (
        <div className="notice info" role="status" data-testid="no-slots">
          <Bi k="kiosk.book.noSlots" as="p" />
          <BigButton onClick={() => want({ kind: 'take', channel: 'window', itemId: item.id })}>
            <Bi k="kiosk.tile.take" />
          </BigButton>
        </div>
      )}
      {days.map((day) => (
        <section key={day} className="slot-day">
          <h3 data-testid="slot-day">
            <Bi k="kiosk.book.day" params={weekdayParams(`${day}T04:00:00Z`)} />
          </h3>
          <div className="slots">
            {free
              .filter((s) => dayOf(s.startsAt) === day)
              .map((s) => (
                <button
                  key={s.id}
                  type="button"
                  className="slot"
                  disabled={busy}
                  onClick={() => setPending(s)}
                  data-testid="slot"
                >
                  <span>{clock(s.startsAt)}</span>
                  <Bi k="kiosk.book.free" params={{ n: s.capacity - s.booked }} />
                </button>
              ))}
          </div>
        </section>
      ))}
      <div className="actions">
        <BigButton kind="secondary" onClick={onBack}>
          <Bi k="common.back" />
        </BigButton>
      </div>
    </Frame>
  );
}
