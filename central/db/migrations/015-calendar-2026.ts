import type { Dialect } from '../migrate';
import { CALENDAR_2026 } from '../../services/calendar-data';

// The 2026 district calendar (State Council notice) as data, so every install starts with it.
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
export default (_d: Dialect) =>
  CALENDAR_2026.map(
    (c) =>
      `INSERT INTO calendar_days (centre_id, day, kind, name_zh, name_en) VALUES ('', ${lit(c.day)}, ${lit(c.kind)}, ${lit(c.name.zh)}, ${lit(c.name.en)});`,
  ).join('\n');
