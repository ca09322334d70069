import type { PublicCall } from '../../contract/fleet';
import { Bi } from '../shared/i18n';

// The latest call large, with where to go; the calls before it in a grid.

function Destination({ call }: { call: PublicCall }) {
  const d = call.destination;
  if (d.kind === 'video') return <Bi k="display.toVideo" />;
  if (d.window === null) return <Bi k="display.toWindowAny" />;
  return <Bi k="display.toWindow" params={{ window: d.window }} />;
}

function Announcement({ call }: { call: PublicCall }) {
  const d = call.destination;
  const number = call.number;
  if (d.kind === 'video') return <Bi k="display.goVideo" params={{ number }} as="p" />;
  if (d.window === null) return <Bi k="display.goWindowAny" params={{ number }} as="p" />;
  return <Bi k="display.goWindow" params={{ number, window: d.window }} as="p" />;
}

export function CallBoard({
  calls,
  flashing,
}: {
  calls: readonly PublicCall[];
  flashing: ReadonlySet<string>;
}) {
  // Large: the newest call still being called. A resident already served (or finished) is a past
  // call: no longer told to go anywhere.
  const latest = calls.find((c) => c.calling);
  const earlier = calls.filter((c) => c !== latest);
  return (
    <section className="calls" aria-labelledby="calls-title">
      <h2 id="calls-title" className="panel-title">
        <Bi k="display.nowCalling" />
      </h2>
      {latest ? (
        <div
          className={`call-latest${flashing.has(latest.key) ? ' flash' : ''}`}
          data-testid="latest-call"
          role="status"
          aria-live="assertive"
        >
          <span className="call-number">{latest.number}</span>
          <span className="call-where">
            <Destination call={latest} />
          </span>
          <Announcement call={latest} />
          {latest.recallCount > 0 && (
            <span className="call-recall">
              <Bi k="display.recall" params={{ n: latest.recallCount }} />
            </span>
          )}
        </div>
      ) : (
        <p className="call-none" data-testid="no-current-call">
          <Bi k={calls.length === 0 ? 'display.noCalls' : 'display.noCurrentCall'} />
        </p>
      )}
      {earlier.length > 0 && (
        <>
          <h2 className="panel-title small">
            <Bi k="display.recentCalls" />
          </h2>
          <ol className="call-list">
            {earlier.map((c) => (
              <li
                key={c.key}
                className={flashing.has(c.key) ? 'flash' : undefined}
                data-calling={c.calling ? 'true' : 'false'}
              >
                <span className="call-number">{c.number}</span>
                <span className="call-where">
                  <Destination call={c} />
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
