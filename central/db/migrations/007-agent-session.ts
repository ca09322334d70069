import type { Dialect } from '../migrate';

// The agent's session choices kept across reloads and sign-ins: the skill groups they serve now (JSON
// array, NULL = all they hold) and the counter (窗口) they sit at; a window ticket keeps the counter
// it was called to, for the hall display.
export default (_d: Dialect) => `
ALTER TABLE agent_states ADD COLUMN active_skill_groups TEXT;
ALTER TABLE agent_states ADD COLUMN counter TEXT;
ALTER TABLE tickets ADD COLUMN counter TEXT;
`;
