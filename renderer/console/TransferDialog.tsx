import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type TransferRequest, TransferTargets } from '../../contract/api/tickets';
import type { ServiceItem } from '../../contract/catalog';
import type { Ticket } from '../../contract/ticket';
import { useI18n } from '../shared/i18n';
import { api } from './api';
import { type ConsoleError, ErrorBanner, consoleError } from './ErrorBanner';

// Transfer the current ticket (T): to an agent of the centre (signed-in and available ones first, with
// their state), a skill group (bilingual names) or another item, with a note the next agent reads in
// their queue and current-ticket view. A modal dialog: Enter transfers, Escape cancels; the console's
// single-key shortcuts rest while it is open.

type Kind = 'agent' | 'group' | 'item';

export function TransferDialog(props: {
  ticket: Ticket;
  centreId: string;
  staffId: string;
  items: Map<string, ServiceItem>;
  onTransfer(body: TransferRequest): Promise<void>;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const other = lang === 'zh' ? 'en' : 'zh';
  const ref = useRef<HTMLDialogElement>(null);
  const select = useRef<HTMLSelectElement>(null);
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [kind, setKind] = useState<Kind>('agent');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  useEffect(() => {
    let alive = true;
    api(
      TransferTargets,
      'GET',
      `/api/v1/centres/${encodeURIComponent(props.centreId)}/transfer-targets`,
    ).then(
      (r) => alive && setTargets(r),
      (e: unknown) => alive && setError(consoleError(e)),
    );
    return () => {
      alive = false;
    };
  }, [props.centreId]);
  useEffect(() => {
    if (targets) select.current?.focus();
  }, [targets, kind]);

  const agents = (targets?.agents ?? []).filter((a) => a.id !== props.staffId);
  const options: Array<{ value: string; label: string }> =
    kind === 'agent'
      ? agents.map((a) => ({
          value: a.id,
          label: [
            a.displayName,
            // "offline" for a signed-in agent means they have not started calling yet.
            !a.signedIn
              ? t('console.agent.signedOut')
              : a.status === 'offline'
                ? t('console.agent.signedIn')
                : t(`console.agent.${a.status}`),
            a.counter ? t('console.atCounter', { counter: a.counter }) : '',
          ]
            .filter(Boolean)
            .join(' · '),
        }))
      : kind === 'group'
        ? (targets?.skillGroups ?? []).map((g) => ({
            value: g.id,
            label: `${g.name[lang]} · ${g.name[other]}`,
          }))
        : [...props.items.values()].map((i) => ({
            value: i.id,
            label: `${i.name[lang]} · ${i.name[other]}`,
          }));

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!target || busy) return;
    const where =
      kind === 'agent' ? { agentId: target } : kind === 'group' ? { skillGroup: target } : { itemId: target };
    const text = note.trim();
    setBusy(true);
    setError(null);
    props.onTransfer({ ...where, ...(text ? { note: text } : {}) }).then(
      () => props.onClose(),
      (err: unknown) => {
        setBusy(false);
        setError(consoleError(err));
      },
    );
  };
  const choose = (k: Kind) => {
    setKind(k);
    setTarget('');
  };

  return (
    <dialog
      ref={ref}
      className="transfer-dialog"
      data-testid="transfer-dialog"
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <form onSubmit={submit}>
        <h2>{t('console.transfer.title', { ticket: props.ticket.number })}</h2>
        {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
        <fieldset className="transfer-kind">
          {(['agent', 'group', 'item'] as const).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="transfer-kind"
                value={k}
                checked={kind === k}
                onChange={() => choose(k)}
              />
              {t(
                k === 'agent'
                  ? 'console.transfer.toAgent'
                  : k === 'group'
                    ? 'console.transfer.toGroup'
                    : 'console.transfer.toItem',
              )}
            </label>
          ))}
        </fieldset>
        <label>
          {t('console.transfer.target')}
          <select
            ref={select}
            name="transfer-target"
            data-testid="transfer-target"
            value={target}
            disabled={!targets}
            onChange={(e) => setTarget(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                submit();
              }
            }}
          >
            <option value="">{targets ? t('console.transfer.choose') : t('console.transfer.loading')}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.transfer.note')}
          <input
            name="transfer-note"
            data-testid="transfer-note"
            maxLength={500}
            autoComplete="off"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <p className="hint">{t('console.transfer.hint')}</p>
        <div className="dialog-actions">
          <button type="submit" data-testid="transfer-submit" disabled={!target || busy}>
            {t('console.transfer.submit')}
          </button>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
