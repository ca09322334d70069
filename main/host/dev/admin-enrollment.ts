// Development and demo only: a one-time enrollment code from central's admin API, signed in as the
// demo admin (docs/central-api.md "Authentication"). Production codes come from the dashboard.

export async function demoEnrollmentCode(
  centralUrl: string,
  stationId = 's-zhangjiang-1',
  account = { username: 'admin', password: process.env.DOORSTEP_DEMO_PASSWORD ?? 'doorstep-demo' },
): Promise<string> {
  const base = centralUrl.replace(/\/$/, '');
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (!login.ok)
    throw new Error(`demo admin login failed (${login.status}): is central running with --seed demo?`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const res = await fetch(`${base}/api/v1/admin/enrollment-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ stationId }),
  });
  if (!res.ok) throw new Error(`could not make an enrollment code (${res.status}): ${await res.text()}`);
  return ((await res.json()) as { code: string }).code;
}
