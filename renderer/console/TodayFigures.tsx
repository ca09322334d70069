import { useEffect, useState } from 'react';
import { AgentToday } from '../../contract/api/agent-today';
import { useI18n } from '../shared/i18n';
import { api } from './api';

// The agent's own figures for today in the agent bar: served, mean service time, ratings. Read again
// whenever the agent's open tickets change (a finish changes them) and every 5 minutes.

export function TodayFigures({ refreshKey }: { refreshKey: number }) {
  const { t } = useI18n();
  const [today, setToday] = useState<AgentToday | null>(null);
  useEffect(() => {
    const load = () => void api(AgentToday, 'GET', '/api/v1/agents/me/today').then(setToday, () => undefined);
    load();
    const timer = setInterval(load, 5 * 60_000);
    return () => clearInterval(timer);
  }, [refreshKey]);
  if (!today) return null;
  const mins = today.avgServiceSeconds === null ? '–' : (today.avgServiceSeconds / 60).toFixed(1);
  return (
    <span className="today" data-testid="today" data-served={today.served} title={t('console.today.title')}>
      <span>
        {t('console.today.served')} <strong>{today.served}</strong>
      </span>
      <span>
        {t('console.today.avg')} <strong>{mins}</strong> {t('console.today.minutes')}
      </span>
      <span>
        {t('console.today.ratings')}{' '}
        <strong>{today.ratings.average === null ? '–' : today.ratings.average.toFixed(1)}</strong>
        {today.ratings.count > 0 && ` (${today.ratings.count})`}
      </span>
    </span>
  );
}
