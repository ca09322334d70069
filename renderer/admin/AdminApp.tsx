import { useEffect, useState, type FormEvent } from 'react';
import type { MessageKey } from '../../contract/i18n';
import { LanguageSwitch, useI18n } from '../shared/i18n';
import { type Result, call, setCsrf } from './api';
import { Field } from './Field';
import { Problem } from './Problem';
import { CentresPage } from './CentresPage';
import { StationsPage } from './StationsPage';
import { ItemsPage } from './ItemsPage';
import { CalendarPage } from './CalendarPage';
import { StaffPage } from './StaffPage';
import { ConfigPage } from './ConfigPage';
import { ResidentsPage } from './ResidentsPage';

// The administration front end (/admin/): sign-in as for the dashboard, then one page per kind of
// record. Everything is a native control (keyboard: Tab, Enter, Space); the layout fits 1366×768.

interface Me {
  staff: { displayName: string; role: string };
  csrfToken: string;
}
const PAGES = [
  ['centres', 'admin.nav.centres'],
  ['stations', 'admin.nav.stations'],
  ['items', 'admin.nav.items'],
  ['calendar', 'admin.nav.calendar'],
  ['staff', 'admin.nav.staff'],
  ['config', 'admin.nav.config'],
  ['residents', 'admin.nav.residents'],
] as const satisfies ReadonlyArray<readonly [string, MessageKey]>;
type Page = (typeof PAGES)[number][0];
/** Who may sign in here; a supervisor sees only a resident's record (the server checks each call too). */
const ROLES = ['admin', 'supervisor'];
const pagesOf = (role: string) => PAGES.filter(([p]) => role === 'admin' || p === 'residents');

export function AdminApp() {
  const { t } = useI18n();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [mustChange, setMustChange] = useState(false);
  const [page, setPage] = useState<Page>('centres');
  useEffect(() => {
    void call<Me>('/api/v1/auth/me').then((r) => {
      if (r.ok && ROLES.includes(r.data.staff.role)) {
        setCsrf(r.data.csrfToken);
        setMe(r.data);
        setPage(pagesOf(r.data.staff.role)[0]![0]);
      } else setMe(null);
    });
  }, []);
  if (me === undefined) return null;
  if (!me) {
    return (
      <SignIn
        onDone={(m, change) => (setMe(m), setMustChange(change), setPage(pagesOf(m.staff.role)[0]![0]))}
      />
    );
  }
  if (mustChange) return <NewPassword onDone={() => setMustChange(false)} />;
  return (
    <div className="admin">
      <header>
        <h1>{t('admin.title')}</h1>
        <nav aria-label={t('admin.title')}>
          {pagesOf(me.staff.role).map(([p, k]) => (
            <button
              key={p}
              type="button"
              aria-current={page === p ? 'page' : undefined}
              onClick={() => setPage(p)}
            >
              {t(k)}
            </button>
          ))}
        </nav>
        <span className="who">{me.staff.displayName}</span>
        <LanguageSwitch />
      </header>
      <main>
        {page === 'centres' && <CentresPage />}
        {page === 'stations' && <StationsPage />}
        {page === 'items' && <ItemsPage />}
        {page === 'calendar' && <CalendarPage />}
        {page === 'staff' && <StaffPage />}
        {page === 'config' && <ConfigPage />}
        {page === 'residents' && <ResidentsPage canErase={me.staff.role === 'admin'} />}
      </main>
    </div>
  );
}

function SignIn({ onDone }: { onDone: (me: Me, mustChange: boolean) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Result<unknown> | null>(null);
  const [notAdmin, setNotAdmin] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call<Me & { mustChangePassword?: boolean }>('/api/v1/auth/login', 'POST', {
      username,
      password,
    });
    setProblem(r.ok ? null : r);
    if (!r.ok) return;
    if (!ROLES.includes(r.data.staff.role)) return setNotAdmin(true);
    setCsrf(r.data.csrfToken);
    onDone(r.data, !!r.data.mustChangePassword);
  };
  return (
    <form className="signin" onSubmit={(e) => void submit(e)}>
      <h1>{t('admin.login.title')}</h1>
      <LanguageSwitch />
      <Field label={t('dash.login.username')}>
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoFocus
        />
      </Field>
      <Field label={t('dash.login.password')}>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <button type="submit">{t('dash.login.submit')}</button>
      {notAdmin && <p role="alert">{t('admin.login.noRight')}</p>}
      <Problem result={problem} />
    </form>
  );
}

function NewPassword({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [problem, setProblem] = useState<Result<unknown> | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call('/api/v1/auth/password', 'POST', { currentPassword: current, newPassword: next });
    setProblem(r.ok ? null : r);
    if (r.ok) onDone();
  };
  return (
    <form className="signin" onSubmit={(e) => void submit(e)}>
      <h1>{t('admin.login.mustChange')}</h1>
      <Field label={t('dash.login.password')}>
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </Field>
      <Field label={t('admin.field.password')}>
        <input
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </Field>
      <button type="submit">{t('admin.save')}</button>
      <Problem result={problem} />
    </form>
  );
}
