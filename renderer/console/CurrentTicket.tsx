import type { ServiceItem } from '../../contract/catalog';
import type { MessageKey } from '../../contract/i18n';
import type { Ticket, TicketOutcome } from '../../contract/ticket';
import type { CaseStatus } from '../../contract/video';
import { useI18n } from '../shared/i18n';
import { IdentityBadge } from './IdentityBadge';
import { Kbd, useShortcut } from './shortcuts';
import { useDeadline } from './useDeadline';

// The agent's current ticket, window or video: what it is, who transferred it with their note, and
// the actions its state allows — recall, start serving and no-show while called; finish with an
// outcome (1–4, then F), park and transfer while serving. For a video ticket in a call the case panel
// beside the call takes the outcome and finish; without a call the agent can ring the kiosk again.

export const OUTCOMES: readonly TicketOutcome[] = ['done', 'to_window', 'appointment', 'more_materials'];

export interface TicketActions {
  recall(): void;
  ringAgain(): void;
  start(): void;
  noShow(): void;
  finish(): void;
  park(): void;
  transfer(): void;
}

export function CurrentTicket(props: {
  ticket: Ticket | null;
  item: ServiceItem | undefined;
  station: { zh: string; en: string } | undefined;
  /** A video call for this ticket is ringing or live: the case panel finishes it. */
  inCall: boolean;
  /** The state of this ticket's video case, if one is open. */
  callStatus: CaseStatus | null;
  outcome: TicketOutcome;
  onOutcome(o: TicketOutcome): void;
  busy: boolean;
  actions: TicketActions;
  /** Moves when an administrator changed the configuration: the deadline is read again. */
  configEpoch?: number;
}) {
  const { t, lang } = useI18n();
  const tk = props.ticket;
  const deadline = useDeadline(tk?.itemId ?? null, tk?.issuedAt ?? null, props.configEpoch);
  const a = props.actions;
  const called = tk?.status === 'called';
  const serving = tk?.status === 'serving';
  const video = tk?.channel === 'video';
  const finishHere = serving && !props.inCall;
  const ready = !props.busy;
  // A video ticket served without a call (after a reload, or resumed): ring the kiosk again.
  const ringAgain = serving && video && !props.inCall;

  useShortcut(
    'r',
    ringAgain ? 'console.act.ringAgain' : 'console.act.recall',
    () => (called ? a.recall() : a.ringAgain()),
    ready && (called || ringAgain),
  );
  useShortcut('s', 'console.act.start', a.start, ready && called);
  useShortcut('x', 'console.act.noShow', a.noShow, ready && called);
  useShortcut('p', 'console.act.park', a.park, ready && serving);
  useShortcut('t', 'console.act.transfer', a.transfer, ready && Boolean(tk));

  if (!tk) {
    return (
      <section className="current" data-testid="current" data-status="">
        <p className="current-none">{t('console.current.none')}</p>
      </section>
    );
  }
  return (
    <section
      className="current"
      data-testid="current"
      data-status={tk.status}
      data-channel={tk.channel}
      data-in-call={props.inCall}
      aria-label={t('console.current.title')}
    >
      <div className="current-head">
        <h2 data-testid="current-ticket">{tk.number}</h2>
        <div>
          <strong>{props.item ? props.item.name[lang] : tk.itemId}</strong>
          <span className="current-meta">
            {' · '}
            {t(video ? 'console.channel.video' : 'console.channel.window')}
            {props.station && ` · ${props.station[lang]}`}
            {tk.counter && ` · ${t('console.atCounter', { counter: tk.counter })}`}
          </span>
          <p className="current-status" data-testid="current-status">
            {t(statusKey(tk, props.callStatus))}
            {(tk.recallCount ?? 0) > 0 && ` · ${t('console.recalls', { n: tk.recallCount ?? 0 })}`}
            {tk.priority !== 'normal' &&
              ` · ${t(tk.priority === 'appointment' ? 'console.flag.appointment' : 'console.flag.priority')}`}
          </p>
          <IdentityBadge by={tk.identifiedBy} testId="current-unverified" />
          {deadline && deadline.promisedLimitDays > 0 && (
            <p
              className="current-deadline"
              data-testid="current-deadline"
              title={t('console.deadline.title', {
                promised: deadline.promisedLimitDays,
                legal: deadline.legalLimitDays,
              })}
            >
              {t('console.deadline', { date: deadline.promisedDue })}
            </p>
          )}
        </div>
      </div>
      {tk.transfer && (
        <p className="transfer-info" data-testid="current-transfer">
          {tk.transfer.byName && t('console.transferredBy', { name: tk.transfer.byName })}
          {tk.transfer.note && (
            <span className="transfer-note">
              {' '}
              {t('console.transferNoteShown', { note: tk.transfer.note })}
            </span>
          )}
        </p>
      )}
      {ringAgain && <p className="hint">{t('console.noVideoCall')}</p>}
      <div className="actions" data-testid="ticket-actions">
        {called && (
          <>
            <button type="button" data-testid="recall" disabled={!ready} onClick={a.recall}>
              {t('console.act.recall')} <Kbd k="r" />
            </button>
            <button type="button" className="primary" data-testid="start" disabled={!ready} onClick={a.start}>
              {t('console.act.start')} <Kbd k="s" />
            </button>
            <button type="button" data-testid="no-show" disabled={!ready} onClick={a.noShow}>
              {t('console.act.noShow')} <Kbd k="x" />
            </button>
          </>
        )}
        {ringAgain && (
          <button type="button" data-testid="ring-again" disabled={!ready} onClick={a.ringAgain}>
            {t('console.act.ringAgain')} <Kbd k="r" />
          </button>
        )}
        {serving && (
          <button type="button" data-testid="park" disabled={!ready} onClick={a.park}>
            {t('console.act.park')} <Kbd k="p" />
          </button>
        )}
        <button type="button" data-testid="transfer" disabled={!ready} onClick={a.transfer}>
          {t('console.act.transfer')} <Kbd k="t" />
        </button>
      </div>
      {finishHere && (
        <OutcomeForm outcome={props.outcome} onOutcome={props.onOutcome} ready={ready} onFinish={a.finish} />
      )}
    </section>
  );
}

/** What the ticket's state line says: a called video ticket waits for the call, not for a visit. */
function statusKey(tk: Ticket, call: CaseStatus | null): MessageKey {
  if (tk.status === 'serving') return 'console.status.serving';
  if (tk.channel !== 'video') return 'console.status.called';
  if (call === 'ringing') return 'console.status.ringing';
  if (call === 'active' || call === 'reconnecting') return 'console.state.in_call';
  if (call === 'missed') return 'console.missed';
  if (call === 'declined') return 'console.declined';
  return 'console.status.videoCalled';
}

/** The outcome (1–4) and Finish (F) of a ticket served without a video case panel. */
function OutcomeForm(props: {
  outcome: TicketOutcome;
  onOutcome(o: TicketOutcome): void;
  ready: boolean;
  onFinish(): void;
}) {
  const { t } = useI18n();
  useShortcut(
    ['1', '2', '3', '4'],
    'console.act.outcome',
    (k) => props.onOutcome(OUTCOMES[Number(k) - 1]!),
    true,
    '1–4',
  );
  useShortcut('f', 'console.act.finish', props.onFinish, props.ready);
  return (
    <fieldset className="outcome" data-testid="ticket-outcome">
      <legend>{t('console.outcome')}</legend>
      {OUTCOMES.map((o, i) => (
        <label key={o}>
          <input
            type="radio"
            name="ticket-outcome"
            value={o}
            checked={props.outcome === o}
            onChange={() => props.onOutcome(o)}
          />
          {t(`video.outcome.${o}`)} <Kbd k={String(i + 1)} />
        </label>
      ))}
      <button
        type="button"
        className="primary"
        data-testid="ticket-finish"
        disabled={!props.ready}
        onClick={props.onFinish}
      >
        {t('console.act.finish')} <Kbd k="f" />
      </button>
    </fieldset>
  );
}
