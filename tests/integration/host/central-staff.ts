import { TicketList } from '../../../contract/api/tickets';
import type { Ticket } from '../../../contract/ticket';

// Looks at central the way staff do (demo admin over HTTP), to check what the kiosk did centrally.

export async function staffTickets(centralUrl: string, centreId: string, itemId?: string): Promise<Ticket[]> {
  const login = await fetch(`${centralUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'doorstep-demo' }),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const q = new URLSearchParams({ centreId, ...(itemId ? { itemId } : {}) });
  const res = await fetch(`${centralUrl}/api/v1/tickets?${q}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`ticket list failed: ${res.status} ${await res.text()}`);
  return TicketList.parse(await res.json()).tickets;
}

/** Resolves with the first value `next()` yields that passes `ok`, polling at most `tries` times. */
export async function eventually<T>(
  next: () => Promise<T> | T,
  ok: (v: T) => boolean,
  tries = 100,
  everyMs = 100,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await next();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met after ${tries} tries; last value: ${JSON.stringify(last)}`);
}
