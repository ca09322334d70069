import type { WebSocket } from 'ws';
import { DoorstepError } from '../../contract/errors';
import {
  AGENT_ONLY,
  KIOSK_ONLY,
  SignalClientMessage,
  type RelayBody,
  type SignalServerMessage,
  type VideoCase,
  type VideoRole,
} from '../../contract/video';
import type { VPrincipal } from './auth';
import { LIVE, type CaseRow } from './cases';

// The case-scoped signaling relay. Each WebSocket belongs to one principal (an agent or a kiosk);
// a case's messages go only to its agent's and its kiosk's sockets, and only they may send into it.

export const partyKey = (role: VideoRole, id: string) => `${role}:${id}`;

export function roleIn(p: VPrincipal, c: Pick<CaseRow, 'agent_id' | 'kiosk_id'>): VideoRole | null {
  if (p.kind === 'staff' && p.staff.id === c.agent_id) return 'agent';
  if (p.kind === 'station' && c.kiosk_id !== null && p.kioskId === c.kiosk_id) return 'kiosk';
  return null;
}

/**
 * Runs on every authorized message before it is relayed: records what the case must keep (a pushed
 * form, a form reply) and returns the body to forward, or throws to refuse it.
 */
export type RelayHook = (c: CaseRow, from: VideoRole, body: RelayBody) => Promise<RelayBody>;

export class SignalHub {
  private readonly sockets = new Map<string, Set<WebSocket>>();

  constructor(
    private readonly caseRow: (id: string) => Promise<CaseRow>,
    private readonly hook?: RelayHook,
  ) {}

  attach(p: VPrincipal, ws: WebSocket): void {
    const role: VideoRole = p.kind === 'staff' ? 'agent' : 'kiosk';
    const pid = p.kind === 'staff' ? p.staff.id : p.kioskId;
    const key = partyKey(role, pid);
    let set = this.sockets.get(key);
    if (!set) this.sockets.set(key, (set = new Set()));
    set.add(ws);
    ws.on('close', () => {
      set.delete(ws);
      if (set.size === 0) this.sockets.delete(key);
    });
    // One socket's messages are handled in the order sent (an offer before its candidates, a push
    // before the next push), though each may wait on the database.
    let previous = Promise.resolve();
    ws.on('message', (raw) => {
      previous = previous.then(() => this.handle(p, ws, String(raw))).catch(() => undefined);
    });
    this.send(ws, { type: 'hello', role, principalId: pid });
  }

  private async handle(p: VPrincipal, ws: WebSocket, raw: string): Promise<void> {
    await this.onMessage(p, ws, raw).catch((err: unknown) => {
      const code = err instanceof DoorstepError ? err.code : 'BAD_REQUEST';
      const fields = err instanceof DoorstepError ? err.fields : undefined;
      const ref = (err as { ref?: unknown }).ref;
      this.send(ws, {
        type: 'error',
        code,
        message: (err as Error).message,
        ...(typeof ref === 'string' ? { ref } : {}),
        ...(fields ? { fields } : {}),
      });
    });
  }

  private async onMessage(p: VPrincipal, _ws: WebSocket, raw: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new DoorstepError('BAD_REQUEST', 'not JSON');
    }
    const msg = SignalClientMessage.safeParse(json);
    if (!msg.success) throw new DoorstepError('VALIDATION_FAILED', 'not a relay message');
    const body = msg.data.body;
    // A refusal names the form it refused, so the kiosk can tell which of its replies failed.
    const ref =
      'formId' in body
        ? body.formId
        : body.kind === 'push' && 'formId' in body.push
          ? body.push.formId
          : null;
    try {
      const c = await this.caseRow(msg.data.caseId).catch(() => {
        throw new DoorstepError('FORBIDDEN', 'not a party to this case');
      });
      const from = roleIn(p, c);
      if (!from) throw new DoorstepError('FORBIDDEN', 'not a party to this case');
      if (!LIVE.includes(c.status as never) && body.kind !== 'hangup') {
        throw new DoorstepError('INVALID_TRANSITION', `the case is ${c.status}`);
      }
      if (
        (from === 'kiosk' && AGENT_ONLY.includes(body.kind)) ||
        (from === 'agent' && KIOSK_ONLY.includes(body.kind))
      ) {
        throw new DoorstepError('FORBIDDEN', `${from} may not send ${body.kind}`);
      }
      this.relay(c, from, this.hook ? await this.hook(c, from, body) : body);
    } catch (err) {
      if (ref !== null && err instanceof Error) Object.assign(err, { ref });
      throw err;
    }
  }

  relay(c: Pick<CaseRow, 'id' | 'agent_id' | 'kiosk_id'>, from: VideoRole, body: RelayBody): void {
    const to =
      from === 'agent' ? (c.kiosk_id ? partyKey('kiosk', c.kiosk_id) : null) : partyKey('agent', c.agent_id);
    if (to) this.broadcast(to, { type: 'relay', caseId: c.id, from, body });
  }

  /** A case change, to both parties. */
  publish(v: VideoCase): void {
    this.broadcast(partyKey('agent', v.agentId), { type: 'case', case: v });
    if (v.kioskId) this.broadcast(partyKey('kiosk', v.kioskId), { type: 'case', case: v });
  }

  private broadcast(key: string, m: SignalServerMessage): void {
    for (const ws of this.sockets.get(key) ?? []) this.send(ws, m);
  }

  private send(ws: WebSocket, m: SignalServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  }

  closeAll(): void {
    for (const set of this.sockets.values()) for (const ws of set) ws.close(1001, 'server closing');
  }
}
