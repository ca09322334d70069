import { useState, type FormEvent } from 'react';
import { Bi, useI18n } from '../shared/i18n';
import { LoadFailed } from './text';
import type { Session } from './useSession';

type SignedOut = Extract<Session, { phase: 'signed-out' }>;

function LoginError({ error }: { error: NonNullable<SignedOut['error']> }) {
  if (error === 'failed') return <Bi k="dash.login.failed" />;
  if (error === 'not-supervisor') return <Bi k="dash.login.notSupervisor" />;
  return <LoadFailed code={error} />;
}

export function LoginForm({
  error,
  onLogin,
}: {
  error: SignedOut['error'];
  onLogin: (username: string, password: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    void onLogin(username, password).finally(() => setBusy(false));
  };

  return (
    <form className="login" onSubmit={submit} aria-label={t('dash.login.title')}>
      <Bi k="dash.login.title" as="h2" />
      <label>
        <Bi k="dash.login.username" />
        <input
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label>
        <Bi k="dash.login.password" />
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p className="login-error" role="alert">
          <LoginError error={error} />
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        <Bi k="dash.login.submit" />
      </button>
    </form>
  );
}
