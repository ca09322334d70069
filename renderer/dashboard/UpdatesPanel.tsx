import { useEffect, useRef, useState } from 'react';
import { type KioskCommandSpec, SendCommandResponse } from '../../contract/commands';
import type { FleetResponse } from '../../contract/fleet';
import { Rollout, RolloutStatus } from '../../contract/updates';
import { Bi } from '../shared/i18n';
import { api } from './api';

// Issue 14 on the dashboard: the rollout per ring (kiosks by version and update state) with a pause
// brake, and remote commands for one kiosk of the centre (buttons and its commands' states).

const REFRESH_MS = 15_000;

const COMMANDS: KioskCommandSpec[] = [
  { type: 'print-test-page' },
  { type: 'self-test' },
  { type: 'reload-page' },
  { type: 'restart-display' },
  { type: 'restart-host' },
  { type: 'upload-logs' },
  { type: 'screenshot' },
  { type: 'set-log-level', level: 'debug' },
];

/** Loads now, whenever `key` changes and every REFRESH_MS; `refresh` loads again at once. */
function useRefreshed<T>(key: string, load: () => Promise<T | null>): [T | null, () => void] {
  const [value, setValue] = useState<T | null>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let live = true;
    const run = () => void latest.current().then((v) => live && v !== null && setValue(v));
    run();
    const timer = setInterval(run, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [key, tick]);
  return [value, () => setTick((t) => t + 1)];
}

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

export function RolloutPanel({ centreId }: { centreId: string }) {
  const [status, refresh] = useRefreshed(centreId, async () => {
    const r = await api(RolloutStatus, `/api/v1/admin/rollout?centreId=${encodeURIComponent(centreId)}`);
    return r.ok ? r.data : null;
  });
  const rollout = status?.rollout ?? null;
  const toggle = async () => {
    if (!rollout) return;
    await api(Rollout, `/api/v1/admin/rollout/${rollout.paused ? 'resume' : 'pause'}`, {
      method: 'POST',
      body: {},
    });
    refresh();
  };
  return (
    <section className="panel" aria-labelledby="rollout-title" data-panel="rollout">
      <h2 id="rollout-title">
        <Bi k="upd.title" />
      </h2>
      {!rollout ? (
        <p>
          <Bi k="upd.none" />
        </p>
      ) : (
        <>
          <p>
            <Bi
              k="upd.version"
              params={{
                version: rollout.version,
                percent: rollout.percent,
                start: rollout.window.start,
                end: rollout.window.end,
              }}
            />{' '}
            <strong data-paused={rollout.paused}>
              <Bi k={rollout.paused ? 'upd.paused' : 'upd.running'} />
            </strong>
          </p>
          <button type="button" onClick={() => void toggle()}>
            <Bi k={rollout.paused ? 'upd.resume' : 'upd.pause'} />
          </button>
          <ul className="rings">
            {status!.rings.map((r) => (
              <li key={r.ring} data-ring={r.ring}>
                <Bi k={`upd.ring.${r.ring}`} /> · <Bi k="upd.ring.kiosks" params={{ n: r.kiosks }} />
                <div className="ring-detail">{counts(r.byVersion)}</div>
                <div className="ring-detail">{counts(r.byState)}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function CommandsPanel({ centreId, fleet }: { centreId: string; fleet: FleetResponse | null }) {
  const kiosks = fleet?.stations.flatMap((s) => s.kiosks) ?? [];
  const [kioskId, setKioskId] = useState<string>('');
  const chosen = kioskId || kiosks[0]?.kioskId || '';
  const [failed, setFailed] = useState(false);
  const [commands, refresh] = useRefreshed(`${centreId}/${chosen}`, async () => {
    if (!chosen) return null;
    const q = `centreId=${encodeURIComponent(centreId)}&kioskId=${encodeURIComponent(chosen)}`;
    const r = await api(SendCommandResponse, `/api/v1/admin/commands?${q}`);
    return r.ok ? r.data.commands : null;
  });
  const send = async (command: KioskCommandSpec) => {
    const r = await api(SendCommandResponse, '/api/v1/admin/commands', {
      method: 'POST',
      body: { target: { kind: 'kiosk', id: chosen }, command },
    });
    setFailed(!r.ok);
    refresh();
  };
  return (
    <section className="panel" aria-labelledby="commands-title" data-panel="commands">
      <h2 id="commands-title">
        <Bi k="cmd.title" />
      </h2>
      <label>
        <Bi k="cmd.kiosk" />{' '}
        <select value={chosen} onChange={(e) => setKioskId(e.target.value)}>
          {kiosks.map((k) => (
            <option key={k.kioskId} value={k.kioskId}>
              {k.name ?? k.kioskId}
            </option>
          ))}
        </select>
      </label>
      <div className="command-buttons">
        {COMMANDS.map((c) => (
          <button
            key={c.type}
            type="button"
            disabled={!chosen}
            onClick={() => void send(c)}
            data-command={c.type}
          >
            <Bi k={`cmd.type.${c.type}`} />
          </button>
        ))}
      </div>
      {failed && (
        <p className="error" role="alert">
          <Bi k="cmd.send.failed" />
        </p>
      )}
      <ul className="command-list">
        {!commands || commands.length === 0 ? (
          <li>
            <Bi k="cmd.empty" />
          </li>
        ) : (
          commands.map((c) => (
            <li key={c.id} data-state={c.state}>
              <Bi k={`cmd.type.${c.command.type}`} /> · <Bi k={`cmd.state.${c.state}`} />
              {c.result && <span className="command-result"> — {c.result.message}</span>}
              <time dateTime={c.createdAt}> {new Date(c.createdAt).toLocaleTimeString()}</time>
            </li>
          ))
        )}
      </ul>
    </section>
  );
}
