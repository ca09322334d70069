import { describe, expect, it } from 'vitest';
import { BridgeAttachments } from '../../../main/host/browser-shell/attach';
import { checkUpgrade, secretMatches } from '../../../main/host/browser-shell/bridge';
import { contentSecurityPolicy } from '../../../main/host/browser-shell/csp';

// The bridge upgrade guard: the page's own origin and the per-boot secret, or no socket at all.

const secret = 'a'.repeat(48);
const accepts = (offered: string) => secretMatches(offered, secret);
const origins = ['http://127.0.0.1:4000'];
const headers = (origin: string | undefined, protocols: string) => ({
  ...(origin ? { origin } : {}),
  'sec-websocket-protocol': protocols,
});

describe('bridge upgrade guard', () => {
  it('accepts the right origin with the right secret', () => {
    expect(checkUpgrade(headers(origins[0], `doorstep.v1, secret.${secret}`), accepts, origins)).toBeNull();
  });

  it('refuses a wrong or missing secret with 401', () => {
    expect(
      checkUpgrade(headers(origins[0], `doorstep.v1, secret.${'b'.repeat(48)}`), accepts, origins)?.status,
    ).toBe(401);
    expect(checkUpgrade(headers(origins[0], 'doorstep.v1'), accepts, origins)?.status).toBe(401);
    expect(checkUpgrade(headers(origins[0], `secret.${secret}`), accepts, origins)?.status).toBe(401);
  });

  it('refuses another origin, or none, with 403 even with the secret', () => {
    expect(
      checkUpgrade(headers('http://evil.example', `doorstep.v1, secret.${secret}`), accepts, origins)?.status,
    ).toBe(403);
    expect(checkUpgrade(headers(undefined, `doorstep.v1, secret.${secret}`), accepts, origins)?.status).toBe(
      403,
    );
  });

  it('a bootstrap token attaches once and expires; the session it gives survives until a newer page attaches', () => {
    let now = 0;
    const a = new BridgeAttachments(() => now);
    const token = a.mintBootstrap();
    const first = a.attach(token);
    expect(first).toMatchObject({ ok: true, kind: 'bootstrap' });
    expect(a.attach(token).ok).toBe(false);
    const session = first.ok ? first.session : '';
    expect(a.attach(session)).toMatchObject({ ok: true, kind: 'session' });
    const stale = a.mintBootstrap();
    now += 11 * 60_000;
    expect(a.attach(stale).ok).toBe(false);
    const second = a.attach(a.mintBootstrap());
    expect(second.ok).toBe(true);
    expect(a.attach(session).ok).toBe(false);
    expect(a.isCurrent(session)).toBe(false);
  });

  it('the CSP allows scripts from the page itself and the bridge on its own port only', () => {
    const csp = contentSecurityPolicy(4000);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:4000");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
