import type { Principal } from '../services/context';

// Who is calling a video route: central's principal (its auth hook resolves the session cookie, with
// the CSRF check on mutations, or the station Bearer token, before any route runs). Video had its own
// resolver and cookie parser, with `?token` accepted on every route; one owner now: central/http/auth.ts.

export type VPrincipal = Principal;
export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
export type StationPrincipal = Extract<Principal, { kind: 'station' }>;
