import type { Bilingual } from '../../contract/catalog';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { StaffMember } from '../../contract/api/auth';
import { Bi, LanguageSwitch } from '../shared/i18n';
import { StaffRoot } from '../shared/ui';
import { BackupPanel } from './BackupPanel';
import { CentrePicker } from './CentrePicker';
import { FleetPanel } from './FleetPanel';
import { CommandsPanel, RolloutPanel } from './UpdatesPanel';
import { FollowUpsPanel } from './FollowUpsPanel';
import { LoginForm } from './LoginForm';
import { LoadFailed } from './text';
import { QueuePanel } from './QueuePanel';
import { useCentreData } from './useCentreData';
import { useSession } from './useSession';
import './dashboard.css';

// The reports section (and ECharts with it) is its own chunk, fetched only when opened.
const ReportsPage = lazy(() => import('./reports/ReportsPage'));

// The supervisor dashboard: sign in, pick a centre, watch its kiosks and queues live.

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

function firstCentre(staff: StaffMember): string | null {
  const wanted = new URLSearchParams(window.location.search).get('centre');
  if (wanted && staff.centreIds.includes(wanted)) return wanted;
  return staff.centreIds[0] ?? null;
}

function CentreView({ centreId }: { centreId: string }) {
  const data = useCentreData(centreId);
  const nowMs = useNow(5000) + data.offsetMs;
  return (
    <>
      <p className={data.live ? 'live on' : 'live off'} role="status">
        <Bi k={data.live ? 'dash.live' : 'dash.reconnecting'} />
      </p>
      {data.error && (
        <p className="error" role="alert">
          <LoadFailed code={data.error} />
        </p>
      )}
      <div className="dash-grid">
        <FleetPanel fleet={data.fleet} nowMs={nowMs} />
        <div className="dash-side">
          <QueuePanel queues={data.queues} oldestWaiting={data.oldestWaiting} nowMs={nowMs} />
          <FollowUpsPanel centreId={centreId} itemNames={itemNamesOf(data.queues)} />
          <BackupPanel />
          <RolloutPanel centreId={centreId} />
          <CommandsPanel centreId={centreId} fleet={data.fleet} />
        </div>
      </div>
    </>
  );
}

function Board({ staff, onLogout }: { staff: StaffMember; onLogout: () => void }) {
  const [centreId, setCentreId] = useState<string | null>(() => firstCentre(staff));
  const [reports, setReports] = useState(
    () => new URLSearchParams(window.location.search).get('view') === 'reports',
  );
  return (
    <>
      <div className="toolbar">
        {centreId && <CentrePicker centreIds={staff.centreIds} value={centreId} onChange={setCentreId} />}
        <span className="who">
          <Bi k="dash.signedInAs" params={{ name: staff.displayName }} />
        </span>
        <button type="button" className="view-switch" onClick={() => setReports(!reports)}>
          <Bi k={reports ? 'rep.ui.live' : 'rep.ui.title'} />
        </button>
        <button type="button" onClick={onLogout}>
          <Bi k="dash.logout" />
        </button>
      </div>
      {centreId && !reports && <CentreView key={centreId} centreId={centreId} />}
      {centreId && reports && (
        <Suspense fallback={<Bi k="common.loading" />}>
          <ReportsPage key={centreId} centreId={centreId} />
        </Suspense>
      )}
    </>
  );
}

export function DashboardApp() {
  const { session, login, logout } = useSession();
  return (
    <StaffRoot className="dashboard">
      <header className="app-header">
        <Bi k="app.dashboard" as="h1" />
        <LanguageSwitch />
      </header>
      <main>
        {session.phase === 'checking' && (
          <p>
            <Bi k="common.loading" />
          </p>
        )}
        {session.phase === 'signed-out' && <LoginForm error={session.error} onLogin={login} />}
        {session.phase === 'signed-in' && <Board staff={session.staff} onLogout={() => void logout()} />}
      </main>
    </StaffRoot>
  );
}

/** Service names by item id, from the queue summaries the dashboard already has. */
function itemNamesOf(queues: ReadonlyArray<{ itemId: string; itemName: Bilingual }> | null) {
  return new Map((queues ?? []).map((q) => [q.itemId, q.itemName]));
}
