import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type WebSocket from 'ws';
import type { DoorstepApi, KioskChannel, KioskEvent } from '../../../contract/kiosk';
import { toHostError } from '../errors';
import type { Log } from '../log';
import { BRIDGE_PROTOCOL, ClientMessage, SECRET_PREFIX, type ServerMessage } from './protocol';

// One bridge connection: calls from the page go to the host facade, host events go to the page.
// The guard (checkUpgrade) runs before the WebSocket upgrade, so a wrong secret never gets a socket.

export function secretMatches(offered: string, secret: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why an upgrade is refused, or null when it may proceed; `accepts` decides about the offered secret. */
export function checkUpgrade(
  headers: IncomingHttpHeaders,
  accepts: (offered: string) => boolean,
  allowedOrigins: readonly string[],
): { status: 401 | 403; reason: string } | null {
  const origin = headers.origin;
  if (!origin || !allowedOrigins.includes(origin))
    return { status: 403, reason: `origin ${origin ?? '(none)'} not allowed` };
  const offered = String(headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  if (!offered.includes(BRIDGE_PROTOCOL)) return { status: 401, reason: 'bridge protocol not offered' };
  const s = offered.find((p) => p.startsWith(SECRET_PREFIX));
  if (!s || !accepts(s.slice(SECRET_PREFIX.length)))
    return { status: 401, reason: 'wrong or spent bridge secret' };
  return null;
}

/** `session` is the attached page's secret, sent with `ready` so the page can reconnect without the URL. */
export function serveBridgeConnection(
  socket: WebSocket,
  host: DoorstepApi,
  log: Log,
  session?: string,
): void {
  const send = (m: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
  };
  const unsubscribe = host.subscribe((event: KioskEvent) => send({ type: 'event', event }));
  socket.on('message', (data) => {
    let msg: ClientMessage;
    try {
      msg = ClientMessage.parse(JSON.parse(String(data)));
    } catch {
      log('warn', 'bridge', 'dropped a malformed bridge message');
      return;
    }
    host.call(msg.channel as KioskChannel, msg.request as never).then(
      (response) => send({ type: 'result', id: msg.id, ok: true, response }),
      (err: unknown) => {
        const e = toHostError(err);
        if (e.code === 'INTERNAL') log('error', 'bridge', `${msg.channel}: ${e.body.error.message}`);
        send({ type: 'result', id: msg.id, ok: false, error: e.body });
      },
    );
  });
  socket.on('close', unsubscribe);
  socket.on('error', () => undefined);
  send(session ? { type: 'ready', session } : { type: 'ready' });
}
