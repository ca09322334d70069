import { useState } from 'react';
import type { AgentState } from '../../contract/api/agents';
import { useI18n } from '../shared/i18n';
import { api } from './api';

// Available / paused (with a reason), and which of the agent's skill groups this console serves.

export function AgentBar(props: {
  state: AgentState | null;
  centreId: string;
  onState(s: AgentState): void;
  groups: string[];
  chosen: Set<string>;
  onChoose(groups: Set<string>): void;
  onError(e: unknown): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const paused = props.state?.status === 'paused';
  const pause = () =>
    api<AgentState>('POST', '/api/v1/agents/me/pause', { reason }).then(props.onState, props.onError);
  const resume = () =>
    api<AgentState>('POST', '/api/v1/agents/me/resume', { centreId: props.centreId }).then(
      props.onState,
      props.onError,
    );
  return (
    <div className="agent-bar">
      <span className={paused ? 'status paused' : 'status available'} data-testid="agent-status">
        {paused ? t('console.paused', { reason: props.state?.pauseReason ?? '' }) : t('console.available')}
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
      <fieldset className="groups">
        <legend>{t('console.skillGroups')}</legend>
        {props.groups.map((g) => (
          <label key={g}>
            <input
              type="checkbox"
              checked={props.chosen.has(g)}
              onChange={(e) => {
                const next = new Set(props.chosen);
                if (e.target.checked) next.add(g);
                else next.delete(g);
                props.onChoose(next);
              }}
            />
            {g}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
