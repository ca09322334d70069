import { Banner } from '../shared/ui';

// Shown across the top while central or its event stream is away: the queue may be stale and actions
// are refused (Workspace), so the agent knows before pressing a key, in both languages.

export function ConnectionBanner() {
  return <Banner tone="danger" k="console.offline.banner" testId="connection-banner" busy />;
}
