import type { ServiceItem } from '../../contract/catalog';
import type { Ticket } from '../../contract/ticket';
import { useI18n } from '../shared/i18n';
import { Kbd, useShortcut } from './shortcuts';

// The agent's parked tickets (set aside while the resident fetches something), read from the server
// so a reload finds them. Resume makes one current again — only when no other ticket is current; U
// resumes the one parked longest.

export function ParkedList(props: {
  parked: Ticket[];
  items: Map<string, ServiceItem>;
  /** Another ticket is current: finish, park or transfer it first. */
  blocked: boolean;
  busy: boolean;
  onResume(t: Ticket): void;
}) {
  const { t, lang } = useI18n();
  const first = props.parked[0];
  const can = !props.blocked && !props.busy;
  useShortcut('u', 'console.act.resume', () => first && props.onResume(first), can && Boolean(first));
  if (props.parked.length === 0) return null;
  return (
    <section className="parked" data-testid="parked" aria-label={t('console.parked.title')}>
      <h3>{t('console.parked.title')}</h3>
      {props.blocked && <p className="hint">{t('console.resumeHint')}</p>}
      <ul>
        {props.parked.map((tk, i) => {
          const item = props.items.get(tk.itemId);
          return (
            <li key={tk.id} data-ticket={tk.number}>
              <strong>{tk.number}</strong> {item ? item.name[lang] : tk.itemId}
              {tk.transfer?.note && (
                <small className="transfer-note">
                  {' '}
                  {t('console.transferNoteShown', { note: tk.transfer.note })}
                </small>
              )}{' '}
              <button type="button" disabled={!can} onClick={() => props.onResume(tk)}>
                {t('console.act.resume')}
                {i === 0 && (
                  <>
                    {' '}
                    <Kbd k="u" />
                  </>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
