import { useEffect, useState } from 'react';
import { AgentState } from '../../contract/api/agents';
import { MeResponse, OkResponse, type StaffMember } from '../../contract/api/auth';
import { Bi, LanguageSwitch, useI18n } from '../shared/i18n';
import { StaffRoot } from '../shared/ui';
import { api, setCsrf } from './api';
import { SignIn } from './SignIn';
import { Workspace } from './Workspace';
import './console.css';

// The staff console's composition root: who is signed in (session cookie), then the workspace.

export function ConsoleApp() {
  const { t } = useI18n();
  const [staff, setStaff] = useState<StaffMember | null | 'loading'>('loading');

  useEffect(() => {
    api(MeResponse, 'GET', '/api/v1/auth/me').then(
      (me) => {
        setCsrf(me.csrfToken);
        setStaff(me.staff);
      },
      () => setStaff(null),
    );
  }, []);

  const signOut = () => {
    // Off duty first (the dashboard stops counting this agent), then the session ends.
    void api(AgentState, 'POST', '/api/v1/agents/me/sign-off', {})
      .catch(() => undefined)
      .then(() => api(OkResponse, 'POST', '/api/v1/auth/logout', {}))
      .finally(() => setStaff(null));
  };

  return (
    <StaffRoot className="console">
      <header className="app-header console-header">
        <Bi k="app.console" as="h1" />
        {staff && staff !== 'loading' && (
          <span className="console-who" data-testid="who">
            {staff.displayName}
            <button type="button" data-testid="sign-out" onClick={signOut}>
              {t('console.signOut')}
            </button>
          </span>
        )}
        <LanguageSwitch />
      </header>
      {staff === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {staff === null && <SignIn onSignedIn={setStaff} />}
      {staff && staff !== 'loading' && <Workspace staff={staff} />}
    </StaffRoot>
  );
}
