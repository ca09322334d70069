import { useEffect, useRef, useState } from 'react';
import { AgentState } from '../../../contract/api/agents';
import { api } from '../api';

// The agent's own state (status, chosen skill groups): read when the console opens — opening it is
// coming on duty — and read again when the event stream comes back after a loss.

export function useAgentState(
  centreId: string,
  stream: { lost: boolean; online: boolean },
  onBack: () => void,
): [AgentState | null, (s: AgentState) => void] {
  const [agent, setAgent] = useState<AgentState | null>(null);
  const back = useRef(onBack);
  useEffect(() => {
    back.current = onBack;
  });

  useEffect(() => {
    // An agent still "offline" (first sign-in, or signed out) becomes available for their centre, so
    // the dashboard's 在岗人员 counts them and queue estimates include them. A paused agent stays paused.
    void api(AgentState, 'GET', '/api/v1/agents/me').then(
      (s) =>
        s.status === 'offline'
          ? api(AgentState, 'POST', '/api/v1/agents/me/resume', { centreId }).then(setAgent, () =>
              setAgent(s),
            )
          : setAgent(s),
      () => undefined,
    );
  }, [centreId]);

  const wasLost = useRef(false);
  useEffect(() => {
    if (stream.lost) {
      wasLost.current = true;
      return;
    }
    if (!wasLost.current || !stream.online) return;
    wasLost.current = false;
    void api(AgentState, 'GET', '/api/v1/agents/me').then(
      (s) => {
        setAgent(s);
        back.current();
      },
      () => undefined,
    );
  }, [stream.lost, stream.online]);

  return [agent, setAgent];
}
