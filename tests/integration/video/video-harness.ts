import { AsyncResource } from 'node:async_hooks';
import WebSocket from 'ws';
import type { VideoTimers } from '../../../central/video';
import type { SignalServerMessage } from '../../../contract/video';
import { type Client, type KioskClient, type TestCentral, idNumber } from '../central/harness';

// The video suites' helpers on top of the central harness: a signaling socket that records what it
// receives, and a case made the way the console makes one (kiosk takes a video ticket, agent calls).

export class SignalReader {
  readonly messages: SignalServerMessage[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.messages.push(JSON.parse(d.toString()) as SignalServerMessage);
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  /** Opens the socket and waits for its hello (the server has attached it to the principal). */
  static async open(base: string, headers: Record<string, string>): Promise<SignalReader> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/video/ws`, { headers });
    const r = new SignalReader(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await r.waitFor((m) => m.type === 'hello');
    return r;
  }

  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }

  async waitFor(pred: (m: SignalServerMessage) => boolean, timeoutMs = 10_000): Promise<SignalServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(pred);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no such message; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * Timers the test fires by hand instead of waiting 45 s / 30 s. Like setTimeout, a callback runs in
 * the async context it was armed in (the request that armed it), not in the test's.
 */
export class ManualTimers implements VideoTimers {
  private pending = new Map<number, () => void>();
  private next = 0;
  set(fn: () => void, _ms: number): unknown {
    const id = ++this.next;
    this.pending.set(id, AsyncResource.bind(fn));
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach((f) => f());
  }
}

/** Reads until `ok` holds (or 5 s pass), for what central does after answering. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

let residents = 0;

/**
 * Makes the agent free to call another ticket (central lets an agent hold one current ticket at a
 * time): the one they hold is parked as it is, started first if only called, so its case stays exactly
 * as the test left it (parking touches no case).
 */
export async function freeAgent(agent: Client): Promise<void> {
  const mine = await agent.get('/api/v1/agents/me/tickets');
  if (mine.status !== 200) throw new Error(`my tickets: ${mine.status} ${JSON.stringify(mine.body)}`);
  for (const tk of mine.body.tickets as Array<{ id: string; status: string; parked: boolean }>) {
    if (tk.parked) continue;
    if (tk.status === 'called') await agent.post(`/api/v1/tickets/${tk.id}/start`, {});
    const parked = await agent.post(`/api/v1/tickets/${tk.id}/park`, {});
    if (parked.status !== 200) throw new Error(`park: ${parked.status} ${JSON.stringify(parked.body)}`);
  }
}

/**
 * A kiosk takes a video ticket; the agent makes itself available, calls it (parking the ticket they
 * held, see freeAgent) and opens the case.
 */
export async function ringingCase(c: TestCentral, kiosk: KioskClient, agent: Client, itemId = 'i-flzx') {
  await freeAgent(agent);
  const t = await kiosk.post('/api/v1/tickets', {
    itemId,
    channel: 'video',
    idNumber: idNumber('19800101', ++residents),
  });
  if (t.status !== 201) throw new Error(`ticket: ${t.status} ${JSON.stringify(t.body)}`);
  await agent.post('/api/v1/agents/me/resume', { centreId: 'c-zhangjiang' });
  const called = await agent.post(`/api/v1/tickets/${t.body.id}/call`, {});
  if (called.status !== 200) throw new Error(`call: ${called.status} ${JSON.stringify(called.body)}`);
  const opened = await agent.post('/api/v1/video/cases', { ticketId: t.body.id });
  if (opened.status !== 201) throw new Error(`open case: ${opened.status} ${JSON.stringify(opened.body)}`);
  return { ticket: t.body, case: opened.body };
}

/** The case accepted by the kiosk (with the identity the host sends) and the ticket started. */
export async function activeCase(c: TestCentral, kiosk: KioskClient, agent: Client) {
  const r = await ringingCase(c, kiosk, agent);
  const identity = { name: '张三', idMasked: '310115********1234', age: 46, cardType: 'resident' };
  const acc = await kiosk.post(`/api/v1/video/cases/${r.case.id}/accept`, { identity });
  if (acc.status !== 200) throw new Error(`accept: ${acc.status} ${JSON.stringify(acc.body)}`);
  await agent.post(`/api/v1/tickets/${r.ticket.id}/start`, {});
  return { ...r, case: acc.body };
}
