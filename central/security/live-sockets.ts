import type { WebSocket } from 'ws';
import type { Ctx, Principal } from '../services/context';

// Open WebSockets by the credential they were opened with, so that revoking a kiosk, signing out
// or a session running out closes them at once: a socket must not outlive the right to read the
// centre's events. One registry per central instance (its event hub's); ending a credential goes
// through the hub (EventHub.endCredential), which closes this instance's sockets and, on
// PostgreSQL, tells the other instances on the database to close theirs.

export const CLOSE_CREDENTIAL_ENDED = 4401;

export class LiveSockets {
  private readonly byKey = new Map<string, Set<WebSocket>>();

  /** Registers a socket under its credential keys; closes it at `expiresAt` (ms since epoch). */
  add(socket: WebSocket, keys: string[], expiresAt?: number): void {
    for (const k of keys) {
      let set = this.byKey.get(k);
      if (!set) this.byKey.set(k, (set = new Set()));
      set.add(socket);
    }
    let timer: NodeJS.Timeout | undefined;
    if (expiresAt !== undefined) {
      const wait = Math.min(2 ** 31 - 1, Math.max(0, expiresAt - Date.now()));
      timer = setTimeout(() => socket.close(CLOSE_CREDENTIAL_ENDED, 'session expired'), wait);
      timer.unref();
    }
    socket.once('close', () => {
      if (timer) clearTimeout(timer);
      for (const k of keys) {
        const set = this.byKey.get(k);
        set?.delete(socket);
        if (set?.size === 0) this.byKey.delete(k);
      }
    });
  }

  /** Closes every socket opened with the credential. */
  close(key: string, reason: string): void {
    for (const s of this.byKey.get(key) ?? []) s.close(CLOSE_CREDENTIAL_ENDED, reason);
  }
}

export const kioskKey = (kioskId: string) => `kiosk:${kioskId}`;
export const sessionKey = (sessionHash: string) => `session:${sessionHash}`;
export const staffKey = (staffId: string) => `staff:${staffId}`;

/**
 * Closes the socket when its kiosk is revoked (or its station deactivated), its session signed out
 * or expired, or its staff account disabled. The event socket and the video signaling socket both.
 */
export async function watchCredential(ctx: Ctx, socket: WebSocket, p: Principal | null): Promise<void> {
  if (!p) return;
  const liveSockets = ctx.hub.sockets;
  if (p.kind === 'station') return liveSockets.add(socket, [kioskKey(p.kioskId)]);
  const s = await ctx.db.get<{ expires_at: number }>('SELECT expires_at FROM sessions WHERE token_hash = ?', [
    p.sessionHash,
  ]);
  const expiresAt = s ? Number(s.expires_at) - ctx.clock().getTime() + Date.now() : Date.now();
  liveSockets.add(socket, [sessionKey(p.sessionHash), staffKey(p.staff.id)], expiresAt);
}
