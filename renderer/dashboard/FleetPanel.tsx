import type { FleetResponse, KioskHealthView } from '../../contract/fleet';
import { Bi } from '../shared/i18n';
import { BiName, BiText, agoOf, translate } from './text';

// Stations and their kiosks: status, what is wrong in words, when each was last heard from.

function LastSeen({ at, nowMs }: { at: string | null; nowMs: number }) {
  if (!at) return <Bi k="dash.kiosk.neverSeen" />;
  const a = agoOf(at, nowMs);
  return (
    <time dateTime={at} title={new Date(at).toLocaleString()}>
      <BiText text={(l) => translate('dash.kiosk.lastSeen', l, { ago: translate(a.k, l, { n: a.n }) })} />
    </time>
  );
}

function Kiosk({ kiosk, nowMs }: { kiosk: KioskHealthView; nowMs: number }) {
  const name = kiosk.name ?? kiosk.kioskId;
  return (
    <li className={`kiosk kiosk-${kiosk.status}`} data-kiosk={kiosk.kioskId} data-status={kiosk.status}>
      <div className="kiosk-head">
        <span className={`badge badge-${kiosk.status}`}>
          <Bi k={`dash.status.${kiosk.status}`} />
        </span>
        <strong className="kiosk-name">{name}</strong>
        {kiosk.appVersion && (
          <span className="kiosk-version">
            <Bi k="dash.kiosk.version" params={{ version: kiosk.appVersion }} />
          </span>
        )}
      </div>
      <div className="kiosk-seen">
        <LastSeen at={kiosk.lastSeenAt} nowMs={nowMs} />
      </div>
      {kiosk.lastSeenAt && (
        <ul className="problems">
          {kiosk.problems.length === 0 ? (
            <li className="problem-none">
              <Bi k="dash.kiosk.noProblems" />
            </li>
          ) : (
            kiosk.problems.map((p) => (
              <li key={p.code} className={`problem problem-${p.severity}`} title={p.detail}>
                <Bi k={`dash.problem.${p.code}`} />
              </li>
            ))
          )}
        </ul>
      )}
      {kiosk.devices?.media && kiosk.devices.media.length > 0 && (
        <ul className="kiosk-media" aria-label="media tests">
          {kiosk.devices.media.map((m) => (
            <li
              key={m.kind}
              className={m.ok ? 'media-ok' : 'media-failed'}
              data-media={m.kind}
              title={`${m.detail} (${new Date(m.at).toLocaleString()})`}
            >
              <Bi k={`kiosk.tech.media.${m.kind}`} />{' '}
              <Bi k={m.ok ? 'kiosk.tech.media.ok' : 'kiosk.tech.media.failed'} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function FleetPanel({ fleet, nowMs }: { fleet: FleetResponse | null; nowMs: number }) {
  return (
    <section className="panel" aria-labelledby="fleet-title">
      <div className="panel-head">
        <h2 id="fleet-title">
          <Bi k="dash.fleet.title" />
        </h2>
        {fleet && (
          <span className="fleet-counts" data-testid="fleet-counts">
            <Bi k="dash.fleet.counts" params={fleet.counts} />
          </span>
        )}
      </div>
      {!fleet ? (
        <p>
          <Bi k="common.loading" />
        </p>
      ) : (
        <div className="stations">
          {fleet.stations.map(({ station, kiosks }) => (
            <article key={station.id} className="station" aria-label={station.name.zh}>
              <BiName name={station.name} as="h3" />
              {kiosks.length === 0 ? (
                <p className="muted">
                  <Bi k="dash.fleet.noKiosks" />
                </p>
              ) : (
                <ul className="kiosks">
                  {kiosks.map((k) => (
                    <Kiosk key={k.kioskId} kiosk={k} nowMs={nowMs} />
                  ))}
                </ul>
              )}
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
