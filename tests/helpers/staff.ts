// Staff calls to the real central service, as the console would make them: sign in (cookie + CSRF
// token), then JSON requests. Tests use it to act as an agent, a supervisor or an admin.

export interface Staff {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export async function signIn(
  centralUrl: string,
  username: string,
  password = 'doorstep-demo',
): Promise<Staff> {
  const res = await fetch(`${centralUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie') ?? ''])
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${centralUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        'idempotency-key': crypto.randomUUID(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    get: (p) => send('GET', p),
    post: (p, b) => send('POST', p, b ?? {}),
    put: (p, b) => send('PUT', p, b),
    delete: (p) => send('DELETE', p),
  };
}
