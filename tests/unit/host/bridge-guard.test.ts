import { describe, expect, it } from 'vitest';
import { checkUpgrade } from '../../../main/host/browser-shell/bridge';
import { contentSecurityPolicy } from '../../../main/host/browser-shell/csp';

// The bridge upgrade guard: the page's own origin and the per-boot secret, or no socket at all.

const secret = 'a'.repeat(48);
const origins = ['http://127.0.0.1:4000'];
const headers = (origin: string | undefined, protocols: string) => ({
  ...(origin ? { origin } : {}),
  'sec-websocket-protocol': protocols,
});

describe('bridge upgrade guard', () => {
  it('accepts the right origin with the right secret', () => {
    expect(checkUpgrade(headers(origins[0], `doorstep.v1, secret.${secret}`), secret, origins)).toBeNull();
  });

  it('refuses a wrong or missing secret with 401', () => {
    expect(
      checkUpgrade(headers(origins[0], `doorstep.v1, secret.${'b'.repeat(48)}`), secret, origins)?.status,
    ).toBe(401);
    expect(checkUpgrade(headers(origins[0], 'doorstep.v1'), secret, origins)?.status).toBe(401);
    expect(checkUpgrade(headers(origins[0], `secret.${secret}`), secret, origins)?.status).toBe(401);
  });

  it('refuses another origin, or none, with 403 even with the secret', () => {
    expect(
      checkUpgrade(headers('http://evil.example', `doorstep.v1, secret.${secret}`), secret, origins)?.status,
    ).toBe(403);
    expect(checkUpgrade(headers(undefined, `doorstep.v1, secret.${secret}`), secret, origins)?.status).toBe(
      403,
    );
  });

  it('the CSP allows scripts from the page itself and the bridge on its own port only', () => {
    const csp = contentSecurityPolicy(4000);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:4000");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
