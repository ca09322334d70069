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
