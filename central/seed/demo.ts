import type { Db } from '../db/db';
import { addDays, serviceDayOf, shanghaiTime } from '../domain/time';
import { hashPassword } from '../security/secrets';
import type { CatalogCache } from '../services/catalog';
import { DEMO_ITEMS, DEMO_SKILL_GROUPS } from './demo-catalog';

// The demo district (`--seed demo`): stable, readable ids that kiosk and console tests rely on
// (documented in docs/central-api.md). Seeding is idempotent: rows are inserted when missing, and
// appointment slots are topped up for the next 7 days on every start.

export const DEMO_PASSWORD = 'doorstep-demo';
export const DEMO_CENTRES = [
  {
    id: 'c-zhangjiang',
    zh: '张江镇社区事务受理服务中心',
    en: 'Zhangjiang Community Affairs Centre',
    az: '浦东新区张衡路 100 号',
    ae: '100 Zhangheng Rd, Pudong',
  },
  {
    id: 'c-huamu',
    zh: '花木街道社区事务受理服务中心',
    en: 'Huamu Community Affairs Centre',
    az: '浦东新区梅花路 200 号',
    ae: '200 Meihua Rd, Pudong',
  },
  {
    id: 'c-lujiazui',
    zh: '陆家嘴街道社区事务受理服务中心',
    en: 'Lujiazui Community Affairs Centre',
    az: '浦东新区东昌路 300 号',
    ae: '300 Dongchang Rd, Pudong',
  },
] as const;
export const DEMO_STATIONS = [
  {
    id: 's-zhangjiang-1',
    centre: 'c-zhangjiang',
    zh: '长元居民区家门口服务站',
    en: 'Changyuan Doorstep Station',
  },
  {
    id: 's-zhangjiang-2',
    centre: 'c-zhangjiang',
    zh: '古桐居民区家门口服务站',
    en: 'Gutong Doorstep Station',
  },
  { id: 's-huamu-1', centre: 'c-huamu', zh: '联洋居民区家门口服务站', en: 'Lianyang Doorstep Station' },
  { id: 's-huamu-2', centre: 'c-huamu', zh: '钦洋居民区家门口服务站', en: 'Qinyang Doorstep Station' },
  { id: 's-lujiazui-1', centre: 'c-lujiazui', zh: '梅园居民区家门口服务站', en: 'Meiyuan Doorstep Station' },
  { id: 's-lujiazui-2', centre: 'c-lujiazui', zh: '崂山居民区家门口服务站', en: 'Laoshan Doorstep Station' },
] as const;

const ALL_GROUPS = DEMO_SKILL_GROUPS.map((g) => g.id);
export const DEMO_STAFF = [
  {
    id: 'st-admin',
    username: 'admin',
    name: '系统管理员 Admin',
    role: 'admin',
    centres: DEMO_CENTRES.map((c) => c.id),
    groups: [] as string[],
  },
  {
    id: 'st-supervisor',
    username: 'supervisor',
    name: '王值班长 Supervisor Wang',
    role: 'supervisor',
    centres: ['c-zhangjiang', 'c-huamu'],
    groups: ALL_GROUPS,
  },
  {
    id: 'st-agent1',
    username: 'agent1',
    name: '李帮办 Agent Li',
    role: 'agent',
    centres: ['c-zhangjiang'],
    groups: ALL_GROUPS,
  },
  {
    id: 'st-agent2',
    username: 'agent2',
    name: '张帮办 Agent Zhang',
    role: 'agent',
    centres: ['c-zhangjiang'],
    groups: ['residence', 'social-security', 'civil-affairs'],
  },
  {
    id: 'st-agent3',
    username: 'agent3',
    name: '陈帮办 Agent Chen',
    role: 'agent',
    centres: ['c-huamu'],
    groups: ALL_GROUPS,
  },
] as const;

/** Slot hours (local): mornings and afternoons, capacity 4 each. */
const SLOT_HOURS = [9, 10, 11, 13, 14, 15, 16];
const SLOT_ITEMS = ['i-jzz', 'i-jydj', 'i-sbk', 'i-lnjt', 'i-rmtj', 'i-ybdj'];

export async function seedDemo(
  db: Db,
  catalog: CatalogCache,
  now: number,
  password = DEMO_PASSWORD,
): Promise<void> {
  const ins = 'ON CONFLICT DO NOTHING';
  await db.run(
    `INSERT INTO districts (id, name_zh, name_en) VALUES ('d-pudong', '浦东新区', 'Pudong New Area') ${ins}`,
  );
  for (const c of DEMO_CENTRES) {
    await db.run(`INSERT INTO centres VALUES (?, 'd-pudong', ?, ?, ?, ?) ${ins}`, [
      c.id,
      c.zh,
      c.en,
      c.az,
      c.ae,
    ]);
  }
  for (const s of DEMO_STATIONS) {
    await db.run(`INSERT INTO stations VALUES (?, ?, ?, ?, ?, ?) ${ins}`, [
      s.id,
      s.centre,
      s.zh,
      s.en,
      s.zh,
      s.en,
    ]);
  }
  for (const g of DEMO_SKILL_GROUPS)
    await db.run(`INSERT INTO skill_groups VALUES (?, ?, ?) ${ins}`, [g.id, g.zh, g.en]);
  let sort = 0;
  for (const item of DEMO_ITEMS) {
    if (!catalog.find(item.id)) await catalog.put(item, sort);
    sort++;
  }
  for (const s of DEMO_STAFF) {
    const exists = await db.get('SELECT id FROM staff WHERE id = ?', [s.id]);
    const hash = await hashPassword(password);
    if (exists) {
      await db.run('UPDATE staff SET password_hash = ? WHERE id = ?', [hash, s.id]);
      continue;
    }
    await db.run(
      'INSERT INTO staff (id, username, display_name, role, password_hash, centre_ids, skill_groups) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [s.id, s.username, s.name, s.role, hash, JSON.stringify(s.centres), JSON.stringify(s.groups)],
    );
  }
  await seedSlots(db, now);
}

/** Appointment slots for today and the next 7 days, kept when they exist already. */
export async function seedSlots(db: Db, now: number): Promise<void> {
  const today = serviceDayOf(now);
  await db.tx(async (q) => {
    for (let d = 0; d <= 7; d++) {
      const day = addDays(today, d);
      for (const c of DEMO_CENTRES) {
        for (const itemId of SLOT_ITEMS) {
          for (const h of SLOT_HOURS) {
            const start = shanghaiTime(day, h);
            const id = `sl-${c.id.slice(2)}-${itemId.slice(2)}-${day.replaceAll('-', '')}-${String(h).padStart(2, '0')}00`;
            await q.run(
              'INSERT INTO slots (id, centre_id, item_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?, 4) ON CONFLICT DO NOTHING',
              [id, c.id, itemId, start, start + 3600_000],
            );
          }
        }
      }
    }
  });
}
