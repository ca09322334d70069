import { type FormEvent, type ReactNode, useState } from 'react';
import { type AgentSessionRequest, AgentState } from '../../contract/api/agents';
import { both, type MessageKey } from '../../contract/i18n';
import { useI18n } from '../shared/i18n';
import { Pill, type Tone } from '../shared/ui';
import { api } from './api';

// Available / paused (with a reason); the skill groups this agent serves now and the counter (窗口)
// they sit at. Both are kept by the server (PUT /agents/me/session), so a reload or a new sign-in
// finds them again; "call next" draws from the chosen groups only. The pill shows what the agent is
// doing now (free, calling, serving, in a video call, paused), coloured as on a counter panel.

export type AgentActivity = 'available' | 'calling' | 'serving' | 'in_call' | 'paused';

const TONE: Record<AgentActivity, Tone> = {
  available: 'ok',
  calling: 'calling',
  serving: 'serving',
  in_call: 'call',
  paused: 'warn',
};

/** Reasons offered in the pause menu; "other" lets the agent type one. */
const PAUSE_REASONS = ['break', 'meeting', 'backOffice', 'training'] as const;

export function AgentBar(props: {
  state: AgentState | null;
  activity: AgentActivity;
  /** Central is away: pausing and the session settings are refused here, not sent and lost. */
  offline: boolean;
  /** Today's figures and the sound switch, shown at the bar's end. */
  extra?: ReactNode;
  centreId: string;
  onState(s: AgentState): void;
  onError(e: unknown): void;
}) {
  const { t, lang } = useI18n();
  const { state } = props;
  const [reason, setReason] = useState('');
  const [choice, setChoice] = useState('');
  const savedCounter = state?.counter ?? null;
  // What is typed in the counter field; null while it shows the saved counter.
  const [typed, setTyped] = useState<string | null>(null);
  const counter = typed ?? savedCounter ?? '';
  const paused = state?.status === 'paused';
  // A chosen reason is sent in both languages ("休息 Break") so a supervisor reads it in either.
  const pauseReason = () => {
    if (choice && choice !== 'other') {
      return both(`console.pauseReason.${choice}` as MessageKey);
    }
    return reason.trim();
  };
  /** Central away: refuse at once (the banner says why) instead of sending into the void. */
  const refused = () => {
    if (props.offline) props.onError({ code: 'OFFLINE' });
    return props.offline;
  };
  const pause = () =>
    refused() ||
    api(AgentState, 'POST', '/api/v1/agents/me/pause', { reason: pauseReason() }).then((s) => {
      setChoice('');
      setReason('');
      props.onState(s);
    }, props.onError);
  const resume = () =>
    refused() ||
    api(AgentState, 'POST', '/api/v1/agents/me/resume', { centreId: props.centreId }).then(
      props.onState,
      props.onError,
    );
  const session = (body: AgentSessionRequest) =>
    refused() ||
    api(AgentState, 'PUT', '/api/v1/agents/me/session', { ...body, centreId: props.centreId }).then(
      (s) => {
        if (body.counter !== undefined) setTyped(null);
        props.onState(s);
      },
      (e: unknown) => {
        props.onError(e);
        // Show what the server kept, not what was refused.
        void api(AgentState, 'GET', '/api/v1/agents/me').then(props.onState, () => undefined);
      },
    );
  const choose = (group: string, on: boolean) => {
    if (!state) return;
    const next = state.skillGroups.filter((g) => (g === group ? on : state.activeSkillGroups.includes(g)));
    if (next.length === 0) return;
    props.onState({ ...state, activeSkillGroups: next }); // the queue view follows at once
    void session({ activeSkillGroups: next });
  };
  const saveCounter = (e: FormEvent) => {
    e.preventDefault();
    void session({ counter: counter.trim() || null });
  };
  const active = new Set(state?.activeSkillGroups ?? []);
  const label = props.activity === 'paused' ? '' : t(`console.state.${props.activity}`);
  return (
    <div className="agent-bar" data-offline={props.offline}>
      <Pill tone={TONE[props.activity]} testId="agent-status" state={props.activity}>
        {props.activity === 'paused'
          ? t('console.state.paused', { reason: state?.pauseReason ?? '' })
          : label}
      </Pill>
      <span className="counter-now" data-testid="agent-counter">
        {savedCounter ? t('console.atCounter', { counter: savedCounter }) : t('console.noCounter')}
      </span>
      {paused ? (
        <button type="button" className="primary" onClick={resume}>
          {t('console.resume')}
        </button>
      ) : (
        <span className="pause-form">
          <select
            aria-label={t('console.pauseReason.choose')}
            data-testid="pause-choice"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
          >
            <option value="">{t('console.pauseReason.choose')}</option>
            {PAUSE_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`console.pauseReason.${r}`)}
              </option>
            ))}
            <option value="other">{t('console.pauseReason.other')}</option>
          </select>
          {(choice === '' || choice === 'other') && (
            <input
              aria-label={t('console.pauseReason')}
              placeholder={t('console.pauseReason')}
              value={reason}
              size={10}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
          <button type="button" data-testid="pause" disabled={!pauseReason()} onClick={pause}>
            {t('console.pause')}
          </button>
        </span>
      )}
      <form className="counter-form" onSubmit={saveCounter}>
        <label>
          {t('console.counter')}{' '}
          <input
            name="counter"
            size={14}
            maxLength={6}
            autoComplete="off"
            placeholder={t('console.counterHint')}
            title={t('console.counterHint')}
            value={counter}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
        <button type="submit" disabled={!state || (counter.trim() || null) === savedCounter}>
          {t('console.counterSet')}
        </button>
      </form>
      <fieldset className="groups" title={t('console.skillGroupsHint')}>
        <legend>{t('console.skillGroups')}</legend>
        {(state?.skillGroups ?? []).map((g) => {
          const name = state?.skillGroupNames[g];
          const on = active.has(g);
          return (
            <label key={g} data-group={g}>
              <input
                type="checkbox"
                checked={on}
                disabled={on && active.size === 1}
                onChange={(e) => choose(g, e.target.checked)}
              />
              {name ? name[lang] : g}
              {name && (
                <span className="bi-secondary" lang={lang === 'zh' ? 'en' : 'zh-CN'}>
                  {' '}
                  {name[lang === 'zh' ? 'en' : 'zh']}
                </span>
              )}
            </label>
          );
        })}
      </fieldset>
      {props.extra}
    </div>
  );
}
