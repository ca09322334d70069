import { useState, type FormEvent } from 'react';
import { LoginResponse, type StaffMember } from '../../contract/api/auth';
import { useI18n } from '../shared/i18n';
import { api, setCsrf } from './api';

export function SignIn({ onSignedIn }: { onSignedIn(staff: StaffMember): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    api(LoginResponse, 'POST', '/api/v1/auth/login', { username, password })
      .then((r) => {
        setCsrf(r.csrfToken);
        onSignedIn(r.staff);
      })
      .catch(() => setFailed(true))
      .finally(() => setBusy(false));
  };

  return (
    <form className="sign-in ui-panel ui-auth" onSubmit={submit}>
      <h2>{t('console.signIn')}</h2>
      <label>
        {t('console.username')}
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label>
        {t('console.password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {failed && <p role="alert">{t('console.signInFailed')}</p>}
      <button type="submit" disabled={busy || !username || !password}>
        {t('console.signIn')}
      </button>
    </form>
  );
}
