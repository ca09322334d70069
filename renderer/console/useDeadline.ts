import { useEffect, useState } from 'react';
import { Deadline } from '../../contract/api/admin-calendar';
import { api } from './api';

/**
 * The 办理时限 of the ticket's item counted from the day it was issued (GET /api/v1/calendar/deadline:
 * working days of the district calendar, so a National Day week is not counted). Null while unknown;
 * a failed read shows nothing rather than a wrong date. `refresh` reads it again (an admin's change).
 */
export function useDeadline(itemId: string | null, issuedAt: string | null, refresh = 0): Deadline | null {
  const [deadline, setDeadline] = useState<{ key: string; value: Deadline } | null>(null);
  const key = `${itemId ?? ''}|${issuedAt ?? ''}|${refresh}`;
  useEffect(() => {
    if (!itemId || !issuedAt) return;
    let live = true;
    const q = new URLSearchParams({ itemId, from: issuedAt });
    void api(Deadline, 'GET', `/api/v1/calendar/deadline?${q.toString()}`).then(
      (value) => live && setDeadline({ key, value }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [itemId, issuedAt, key]);
  return deadline?.key === key ? deadline.value : null;
}
