import type { QueueSummary } from '../../contract/queue';
import { Bi } from '../shared/i18n';
import { BiName, BiText, translate } from './text';

// Queues of the centre: waiting counts, agents serving, the estimate range and the longest wait now.

function Estimate({ q }: { q: QueueSummary }) {
  if (!q.estimate.known) return <Bi k="common.waitUnknown" />;
  const min = Math.floor(q.estimate.minMinutes);
  const max = Math.max(min, Math.ceil(q.estimate.maxMinutes));
  return <Bi k="common.waitRange" params={{ min, max }} />;
}

function Longest({ since, nowMs }: { since: number | undefined; nowMs: number }) {
  if (since === undefined) return <Bi k="dash.longest.none" />;
  const n = Math.max(0, Math.floor((nowMs - since) / 60_000));
  return <BiText text={(l) => translate('common.minutes', l, { n })} />;
}

export function QueuePanel({
  queues,
  oldestWaiting,
  nowMs,
}: {
  queues: QueueSummary[] | null;
  oldestWaiting: ReadonlyMap<string, number>;
  nowMs: number;
}) {
  // Every item × channel has a queue; show those with someone waiting, longest queue first.
  const active = queues?.filter((q) => q.waiting > 0).sort((a, b) => b.waiting - a.waiting) ?? null;
  return (
    <section className="panel" aria-labelledby="queues-title">
      <div className="panel-head">
        <h2 id="queues-title">
          <Bi k="dash.queues.title" />
        </h2>
      </div>
      {!active ? (
        <p>
          <Bi k="common.loading" />
        </p>
      ) : active.length === 0 ? (
        <p className="muted">
          <Bi k="dash.queues.none" />
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0} aria-labelledby="queues-title">
          <table className="queues-table">
            <thead>
              <tr>
                <th scope="col">
                  <Bi k="dash.col.service" />
                </th>
                <th scope="col">
                  <Bi k="dash.col.channel" />
                </th>
                <th scope="col" className="num">
                  <Bi k="dash.col.waiting" />
                </th>
                <th scope="col" className="num">
                  <Bi k="dash.col.agents" />
                </th>
                <th scope="col">
                  <Bi k="dash.col.estimate" />
                </th>
                <th scope="col">
                  <Bi k="dash.col.longest" />
                </th>
              </tr>
            </thead>
            <tbody>
              {active.map((q) => {
                const key = `${q.itemId}:${q.channel}`;
                return (
                  <tr key={key} className={q.waiting > 0 && q.agentsServing === 0 ? 'unserved' : undefined}>
                    <th scope="row">
                      <BiName name={q.itemName} />
                    </th>
                    <td>
                      <Bi k={`channel.${q.channel}`} />
                    </td>
                    <td className="num">{q.waiting}</td>
                    <td className="num">{q.agentsServing}</td>
                    <td>
                      <Estimate q={q} />
                    </td>
                    <td>
                      <Longest since={oldestWaiting.get(key)} nowMs={nowMs} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
