import { useEffect, useState } from 'react';
import type { ServiceItem } from '../../../contract/catalog';
import type { Ticket } from '../../../contract/ticket';
import { useI18n } from '../../shared/i18n';
import { IdentityBadge } from '../IdentityBadge';

// The waiting list: ticket, item, station, waiting time, appointment/priority flag, print status, and
// for a transferred ticket who moved it and their note ("for you" when it was transferred to this
// agent). Arrow keys move the selection; the waiting time ticks every 15 s.

export function QueuePanel(props: {
  waiting: Ticket[];
  items: Map<string, ServiceItem>;
  stations: Map<string, { zh: string; en: string }>;
  selected: string | null;
  staffId: string;
  onSelect(id: string): void;
}) {
  const { t, lang } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  if (props.waiting.length === 0) return <p className="queue-empty">{t('console.queueEmpty')}</p>;
  return (
    <table className="queue" data-testid="queue">
      <thead>
        <tr>
          <th>{t('console.col.ticket')}</th>
          <th>{t('console.col.channel')}</th>
          <th>{t('console.col.item')}</th>
          <th>{t('console.col.station')}</th>
          <th>{t('console.col.waited')}</th>
          <th>{t('console.col.flags')}</th>
          <th>{t('console.col.print')}</th>
        </tr>
      </thead>
      <tbody>
        {props.waiting.map((tk) => {
          const item = props.items.get(tk.itemId);
          const station = tk.stationId ? props.stations.get(tk.stationId) : undefined;
          const mins = Math.max(0, Math.floor((now - Date.parse(tk.issuedAt)) / 60_000));
          return (
            <tr
              key={tk.id}
              data-ticket={tk.number}
              aria-selected={props.selected === tk.id}
              className={props.selected === tk.id ? 'selected' : undefined}
              onClick={() => props.onSelect(tk.id)}
            >
              <td className="number">{tk.number}</td>
              <td className={`channel-${tk.channel}`} data-channel={tk.channel}>
                {t(`console.channelShort.${tk.channel}`)}
              </td>
              <td className="item">
                {item ? item.name[lang] : tk.itemId}
                {tk.transfer && (
                  <small className="transfer-info" data-testid="transfer-info">
                    {tk.transfer.byName && t('console.transferredBy', { name: tk.transfer.byName })}
                    {tk.transfer.note && (
                      <span className="transfer-note">
                        {' '}
                        {t('console.transferNoteShown', { note: tk.transfer.note })}
                      </span>
                    )}
                  </small>
                )}
              </td>
              <td className="station">{station ? station[lang] : '—'}</td>
              <td>{t('common.minutes', { n: mins })}</td>
              <td className="flags">
                {tk.priority === 'appointment' && (
                  <span className="flag">{t('console.flag.appointment')}</span>
                )}
                {tk.priority === 'priority' && (
                  <span className="flag" data-testid={`priority-${tk.number}`}>
                    {tk.priorityReason
                      ? t(`console.flag.priorityReason.${tk.priorityReason}`)
                      : t('console.flag.priority')}
                  </span>
                )}
                <IdentityBadge by={tk.identifiedBy} testId={`unverified-${tk.number}`} compact />
                {tk.agentId === props.staffId && (
                  <span className="flag for-you">{t('console.flag.forYou')}</span>
                )}
                {tk.transfer && tk.agentId !== props.staffId && (
                  <span className="flag">{t('console.flag.transferred')}</span>
                )}
              </td>
              <td className={`print-${tk.printStatus}`}>{t(`console.print.${tk.printStatus}`)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
