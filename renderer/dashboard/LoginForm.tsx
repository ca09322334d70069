import { useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../contract/errors';
import { errorText } from '../../contract/i18n';
import { Bi, useI18n } from '../shared/i18n';
import { BiText, translate } from './text';
import type { Session } from './useSession';

type SignedOut = Extract<Session, { phase: 'signed-out' }>;

/** "Could not load the data: <what the error code means>", in both languages. */
export function LoadFailed({ code }: { code: ErrorCode }) {
  return <BiText text={(l) => translate('dash.loadFailed', l, { reason: errorText[code][l] })} />;
}

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
