import { useEffect, useState } from 'react';
import { BackupStatus } from '../../contract/api/data';
import { Bi } from '../shared/i18n';
import { shanghaiTime } from './CaseDetails';
import { api } from './api';

// The last backup's time and result, with a warning when none is scheduled, the last one failed, or
// none succeeded for two intervals (central/services/data/backups.ts). Reloaded every minute.

const REFRESH_MS = 60_000;

export function BackupPanel() {
  const [status, setStatus] = useState<BackupStatus | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void api(BackupStatus, '/api/v1/admin/backups').then((r) => {
        if (live && r.ok) setStatus(r.data);
      });
    load();
    const id = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, []);
  if (!status) return null;
  const last = status.last;
  return (
    <section className="panel backup-panel" aria-labelledby="backup-title">
      <div className="panel-head">
        <h2 id="backup-title">
          <Bi k="data.backup.title" />
        </h2>
      </div>
      <p data-testid="backup-last">
        {last ? (
          <>
            <Bi k="data.backup.last" params={{ at: shanghaiTime(last.at) }} />{' '}
            <Bi k={last.ok ? 'data.backup.ok' : 'data.backup.failed'} />
          </>
        ) : (
          <Bi k="data.backup.never" />
        )}
      </p>
      {status.warning && (
        <p className="warning" role="alert" data-testid="backup-warning">
          <Bi k={`data.backup.${status.warning}`} />
        </p>
      )}
    </section>
  );
}
