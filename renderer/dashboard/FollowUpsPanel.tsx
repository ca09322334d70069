import { useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../contract/errors';
import type { FollowUp } from '../../contract/video';
import type { Bilingual } from '../../contract/catalog';
import { Bi, useI18n } from '../shared/i18n';
import { CaseDetails, shanghaiTime } from './CaseDetails';
import { LoadFailed } from './text';
import { useFollowUps } from './useFollowUps';

// Follow-ups (整改) that poor ratings opened: what the resident said, by when it must be closed, and
// closing it with what was done. Oldest due first; overdue ones marked. Each names the service,
// station, agent and time of the case, and opens the case itself (notes, documents, timeline).

const today = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

function CloseForm({
  item,
  onClose,
}: {
  item: FollowUp;
  onClose: (text: string) => Promise<ErrorCode | null>;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        <Bi k="dash.followUps.close" />
      </button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    void onClose(text.trim()).then((err) => {
      setBusy(false);
      setError(err);
    });
  };
  const fieldId = `resolution-${item.id}`;
  return (
    <form className="follow-close" onSubmit={submit}>
      <label htmlFor={fieldId}>
        <Bi k="dash.followUps.resolution" />
      </label>
      <textarea
        id={fieldId}
        required
        maxLength={2000}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label={t('dash.followUps.resolution')}
      />
      {error && (
        <p className="error" role="alert">
          <LoadFailed code={error} />
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
        <Bi k="dash.followUps.confirm" />
      </button>
    </form>
  );
}

export function FollowUpsPanel({
  centreId,
  itemNames,
}: {
  centreId: string;
  /** Service names by item id (from the queues), for the line under each follow-up. */
  itemNames: Map<string, Bilingual>;
}) {
  const { items, error, close } = useFollowUps(centreId);
  const { t, lang } = useI18n();
  const [openCase, setOpenCase] = useState<string | null>(null);
  const day = today();
  return (
    <section className="panel" aria-labelledby="follow-title">
      <div className="panel-head">
        <h2 id="follow-title">
          <Bi k="dash.followUps.title" />
        </h2>
      </div>
      {error && (
        <p className="error" role="alert">
          <LoadFailed code={error} />
        </p>
      )}
      {!items ? (
        !error && (
          <p>
            <Bi k="common.loading" />
          </p>
        )
      ) : items.length === 0 ? (
        <p className="muted">
          <Bi k="dash.followUps.none" />
        </p>
      ) : (
        <ul className="follow-ups">
          {items.map((f) => (
            <li key={f.id} className="follow-up" data-follow-up={f.id}>
              <div className="kiosk-head">
                <span className="badge badge-faulted">
                  <Bi k={`dash.rating.${f.level as 1 | 2 | 3 | 4 | 5}`} />
                </span>
                <strong>
                  <Bi k="dash.followUps.case" params={{ n: f.caseNumber }} />
                </strong>
                <span className={f.dueDay < day ? 'overdue' : 'muted'}>
                  <Bi k="dash.followUps.due" params={{ day: f.dueDay }} />
                  {f.dueDay < day && (
                    <>
                      {' '}
                      <Bi k="dash.followUps.overdue" />
                    </>
                  )}
                </span>
              </div>
              {f.caseAt && (
                <p className="follow-served muted" data-testid="follow-served">
                  {t('dash.followUps.served', {
                    item: (f.itemId && itemNames.get(f.itemId)?.[lang]) ?? f.itemId ?? '—',
                    station: f.stationName?.[lang] ?? '—',
                    agent: f.agentName ?? '—',
                    time: shanghaiTime(f.caseAt),
                  })}{' '}
                  <a
                    href={`#case=${f.caseId}`}
                    data-testid="open-case"
                    onClick={(e) => {
                      e.preventDefault();
                      setOpenCase(f.caseId);
                    }}
                  >
                    {t('dash.followUps.openCase')}
                  </a>
                </p>
              )}
              <blockquote className="follow-reason">{f.reason}</blockquote>
              <CloseForm item={f} onClose={(text) => close(f.id, text)} />
            </li>
          ))}
        </ul>
      )}
      {openCase && <CaseDetails caseId={openCase} onClose={() => setOpenCase(null)} />}
    </section>
  );
}
