import { Bi, useI18n } from '../../shared/i18n';
import { useLive } from '../live/LiveStatus';

// Who is calling and from where, large enough to read from a step back from the kiosk: the role in
// both languages, the agent's name, and the centre the agent works at (the kiosk's own centre).

export function AgentCard({ name, compact = false }: { name: string; compact?: boolean }) {
  const { config } = useLive();
  const { lang } = useI18n();
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <div className={`agent-card${compact ? ' compact' : ''}`} data-testid="agent-card">
      <Bi k="kiosk.video.agentRole" as="p" />
      <p className="agent-name" data-testid="agent-name">
        {name}
      </p>
      {config && (
        <p className="bi agent-place" data-testid="agent-place" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
          <span className="bi-primary">{config.centreName[lang]}</span>
          <span className="bi-secondary" lang={other === 'zh' ? 'zh-CN' : 'en'}>
            {config.centreName[other]}
          </span>
        </p>
      )}
    </div>
  );
}
