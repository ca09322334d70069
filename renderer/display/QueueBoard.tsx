import type { PublicQueue } from '../../contract/fleet';
import type { WaitEstimate } from '../../contract/ticket';
import { Bi, useI18n } from '../shared/i18n';

// Waiting counts and estimated ranges per queue (等候人数, 预计等候), never a promise.

function Estimate({ estimate }: { estimate: WaitEstimate }) {
  if (!estimate.known) return <Bi k="common.waitUnknown" />;
  const min = Math.floor(estimate.minMinutes);
  const max = Math.max(min, Math.ceil(estimate.maxMinutes));
  return <Bi k="common.waitRange" params={{ min, max }} />;
}

export function QueueBoard({ queues }: { queues: readonly PublicQueue[] }) {
  const { lang } = useI18n();
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <section className="queues" aria-labelledby="queues-title">
      <h2 id="queues-title" className="panel-title">
        <Bi k="display.queues" />
      </h2>
      {queues.length === 0 ? (
        <p className="queue-none">
          <Bi k="display.noQueues" />
        </p>
      ) : (
        <table className="queue-table">
          <thead>
            <tr>
              <th scope="col">
                <Bi k="display.col.service" />
              </th>
              <th scope="col">
                <Bi k="display.col.waiting" />
              </th>
              <th scope="col">
                <Bi k="display.col.estimate" />
              </th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={`${q.itemId}:${q.channel}`}>
                <th scope="row">
                  <span className="bi">
                    <span className="bi-primary">{q.itemName[lang]}</span>
                    <span className="bi-secondary" lang={other === 'zh' ? 'zh-CN' : 'en'}>
                      {q.itemName[other]}
                    </span>
                  </span>
                  <span className="queue-channel">
                    <Bi k={`channel.${q.channel}`} />
                  </span>
                </th>
                <td className="queue-waiting">{q.waiting}</td>
                <td>
                  <Estimate estimate={q.estimate} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
