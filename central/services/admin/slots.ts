import type { OpeningHours } from '../../../contract/api/admin-places';
import { ServiceItem } from '../../../contract/catalog';
import type { Db } from '../../db/db';
import { jsonOf } from '../../db/db';
import { endOfServiceDay, serviceDayOf, shanghaiTime } from '../../domain/time';
import { nextDay, openingOn } from '../../domain/working-days';
import { loadCalendar } from '../calendar';

// Appointment slots from the calendar: for each active centre and bookable item, slots of the item's
// length and capacity inside the centre's opening periods, from today to the item's booking horizon.
// None on a holiday or closure, slots on a make-up working day. Run at start, hourly and after
// configuration changes; existing slots are kept, and a day that became closed loses its unbooked
// slots (booked ones stay, with their appointments, for staff to contact the residents).

export const slotIdOf = (centreId: string, itemId: string, day: string, hhmm: string) =>
  `sl-${centreId.replace(/^c-/, '')}-${itemId.replace(/^i-/, '')}-${day.replaceAll('-', '')}-${hhmm.replace(':', '')}`;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export async function ensureSlots(db: Db, now: number): Promise<{ created: number; removed: number }> {
  const cal = await loadCalendar(db);
  const centres = await db.all<{ id: string; opening_hours: string }>(
    'SELECT id, opening_hours FROM centres WHERE active = 1',
  );
  const items = (await db.all<{ data: string }>('SELECT data FROM items WHERE active = 1'))
    .map((r) => ServiceItem.parse(JSON.parse(r.data)))
    .filter((i) => i.appointment);
  const today = serviceDayOf(now);
  let created = 0;
  let removed = 0;
  await db.tx(async (q) => {
    for (const c of centres) {
      const hours = jsonOf<OpeningHours>(c.opening_hours, {});
      const horizon = Math.max(0, ...items.map((i) => i.appointment!.horizonDays));
      for (let d = 0, day = today; d <= horizon; d++, day = nextDay(day)) {
        const o = openingOn(day, c.id, hours, cal);
        if (!o.open) {
          removed += await q.run(
            'DELETE FROM slots WHERE centre_id = ? AND starts_at >= ? AND starts_at < ? AND booked = 0',
            [c.id, shanghaiTime(day, 0), endOfServiceDay(day)],
          );
          continue;
        }
        for (const item of items) {
          const a = item.appointment!;
          if (d > a.horizonDays) continue;
          for (const p of o.periods) {
            const end = minutesOf(p.to);
            for (let m = minutesOf(p.from); m + a.slotMinutes <= end; m += a.slotMinutes) {
              const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
              const start = shanghaiTime(day, Math.floor(m / 60), m % 60);
              created += await q.run(
                'INSERT INTO slots (id, centre_id, item_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
                [
                  slotIdOf(c.id, item.id, day, hhmm),
                  c.id,
                  item.id,
                  start,
                  start + a.slotMinutes * 60_000,
                  a.capacity,
                ],
              );
            }
          }
        }
      }
    }
  });
  return { created, removed };
}
