import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { LoginResponse, MeResponse, type StaffMember } from '../../contract/api/auth';
import type { ErrorCode } from '../../contract/errors';
import { api, setCsrfToken } from './api';

// Who is signed in. Only supervisors and admins may use the dashboard; an agent who signs in here is
// told so and signed out again.

export type Session =
  | { phase: 'checking' }
  | { phase: 'signed-out'; error: 'failed' | 'not-supervisor' | ErrorCode | null }
  | { phase: 'signed-in'; staff: StaffMember };

const Ok = z.unknown();
const allowed = (s: StaffMember) => s.role === 'supervisor' || s.role === 'admin';

export function useSession() {
  const [session, setSession] = useState<Session>({ phase: 'checking' });

  useEffect(() => {
    let live = true;
    void api(MeResponse, '/api/v1/auth/me').then((r) => {
      if (!live) return;
      if (r.ok && allowed(r.data.staff)) {
        setCsrfToken(r.data.csrfToken);
        setSession({ phase: 'signed-in', staff: r.data.staff });
      } else setSession({ phase: 'signed-out', error: null });
    });
    return () => {
      live = false;
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await api(LoginResponse, '/api/v1/auth/login', {
      method: 'POST',
      body: { username, password },
    });
    if (!r.ok) {
      const error = r.code === 'UNAUTHENTICATED' || r.code === 'VALIDATION_FAILED' ? 'failed' : r.code;
      setSession({ phase: 'signed-out', error });
      return;
    }
    setCsrfToken(r.data.csrfToken);
    if (!allowed(r.data.staff)) {
      await api(Ok, '/api/v1/auth/logout', { method: 'POST' });
      setCsrfToken(null);
      setSession({ phase: 'signed-out', error: 'not-supervisor' });
      return;
    }
    setSession({ phase: 'signed-in', staff: r.data.staff });
  }, []);

  const logout = useCallback(async () => {
    await api(Ok, '/api/v1/auth/logout', { method: 'POST' });
    setCsrfToken(null);
    setSession({ phase: 'signed-out', error: null });
  }, []);

  return { session, login, logout };
}
