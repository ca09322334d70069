import { Settings } from '../../contract/api/admin';
import type { Db } from '../db/db';
import { DEFAULT_ORDERING } from '../domain/ordering';

// Settings an admin can change (ordering weights, check-in window, no-show rule …), kept in the
// database and cached in memory; one row, key 'settings'.

export const DEFAULT_SETTINGS: Settings = {
  ordering: DEFAULT_ORDERING,
  priorityAge: 70,
  priorityClaims: ['disability', 'service_member'],
  checkInBeforeMinutes: 30,
  checkInAfterMinutes: 15,
  noShowLimit: 3,
  noShowWindowDays: 30,
  blockDays: 30,
  recallsBeforeNoShow: 1,
  defaultServiceMinutes: 8,
};

export class SettingsStore {
  private current: Settings = DEFAULT_SETTINGS;
  constructor(private readonly db: Db) {}

  async load(): Promise<Settings> {
    const row = await this.db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'settings'");
    this.current = row ? Settings.parse({ ...DEFAULT_SETTINGS, ...JSON.parse(row.value) }) : DEFAULT_SETTINGS;
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  async save(next: Settings): Promise<Settings> {
    const value = JSON.stringify(next);
    await this.db.run(
      `INSERT INTO settings (key, value) VALUES ('settings', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [value],
    );
    this.current = next;
    return next;
  }
}
