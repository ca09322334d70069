import { type FormEvent, useState } from 'react';
import { type AgentSessionRequest, AgentState } from '../../contract/api/agents';
import { useI18n } from '../shared/i18n';
import { api } from './api';

// Available / paused (with a reason); the skill groups this agent serves now and the counter (窗口)
// they sit at. Both are kept by the server (PUT /agents/me/session), so a reload or a new sign-in
// finds them again; "call next" draws from the chosen groups only.

export function AgentBar(props: {
  state: AgentState | null;
  centreId: string;
  onState(s: AgentState): void;
  onError(e: unknown): void;
}) {
  const { t, lang } = useI18n();
  const { state } = props;
  const [reason, setReason] = useState('');
  const savedCounter = state?.counter ?? null;
  // What is typed in the counter field; null while it shows the saved counter.
  const [typed, setTyped] = useState<string | null>(null);
  const counter = typed ?? savedCounter ?? '';
  const paused = state?.status === 'paused';
  const pause = () =>
    api(AgentState, 'POST', '/api/v1/agents/me/pause', { reason }).then(props.onState, props.onError);
  const resume = () =>
    api(AgentState, 'POST', '/api/v1/agents/me/resume', { centreId: props.centreId }).then(
      props.onState,
      props.onError,
    );
  const session = (body: AgentSessionRequest) =>
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
  return (
    <div className="agent-bar">
      <span className={paused ? 'status paused' : 'status available'} data-testid="agent-status">
        {paused ? t('console.paused', { reason: state?.pauseReason ?? '' }) : t('console.available')}
      </span>
      <span className="counter-now" data-testid="agent-counter">
        {savedCounter ? t('console.atCounter', { counter: savedCounter }) : t('console.noCounter')}
      </span>
      {paused ? (
        <button type="button" onClick={resume}>
          {t('console.resume')}
        </button>
      ) : (
        <>
          <input
            aria-label={t('console.pauseReason')}
            placeholder={t('console.pauseReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="button" disabled={!reason.trim()} onClick={pause}>
            {t('console.pause')}
          </button>
        </>
      )}
      <form className="counter-form" onSubmit={saveCounter}>
        <label>
          {t('console.counter')}{' '}
          <input
            name="counter"
            size={6}
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
    </div>
  );
}
