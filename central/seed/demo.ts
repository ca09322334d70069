import type { ConfigDocumentInput } from '../../contract/api/admin-config';
import { ConfigDocument } from '../../contract/api/admin-config';
import type { OpeningHours } from '../../contract/api/admin-places';
import { hashPassword } from '../security/secrets';
import { applyConfig } from '../services/admin/config';
import type { Ctx } from '../services/context';
import { DEMO_ITEMS, DEMO_SKILL_GROUPS } from './demo-catalog';

// The demo district (`--seed demo`) as a configuration document, loaded through the same path as an
// administrator's import (POST /api/v1/admin/config) in the seed's gentle mode: records missing are
// created, records an admin has changed are left alone. Stable, readable ids that kiosk and console
// tests rely on (documented in docs/central-api.md). Appointment slots follow from the items'
// appointment settings, the centres' opening hours and the district calendar (services/admin/slots.ts).

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
    district: true,
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

/** The demo centres open every day (so demos and tests work on any date) except holidays. */
const DEMO_PERIODS = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
const DEMO_HOURS: OpeningHours = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, DEMO_PERIODS]),
);
/** Bookable demo items: one-hour slots, 4 residents each, a week ahead. */
const SLOT_ITEMS = new Set(['i-jzz', 'i-jydj', 'i-sbk', 'i-lnjt', 'i-rmtj', 'i-ybdj']);
const DEMO_APPOINTMENT = {
  slotMinutes: 60,
  capacity: 4,
  horizonDays: 7,
  checkInBeforeMinutes: 30,
  checkInAfterMinutes: 15,
};

/** The demo district as a document; with a password, every demo account gets it as its initial one. */
export function demoConfig(password?: string): ConfigDocument {
  const doc: ConfigDocumentInput = {
    format: 'doorstep-config/1',
    district: { id: 'd-pudong', name: { zh: '浦东新区', en: 'Pudong New Area' } },
    skillGroups: DEMO_SKILL_GROUPS.map((g) => ({ id: g.id, name: { zh: g.zh, en: g.en }, active: true })),
    items: DEMO_ITEMS.map((i) => (SLOT_ITEMS.has(i.id) ? { ...i, appointment: DEMO_APPOINTMENT } : i)),
    centres: DEMO_CENTRES.map((c) => ({
      id: c.id,
      name: { zh: c.zh, en: c.en },
      address: { zh: c.az, en: c.ae },
      openingHours: DEMO_HOURS,
      publicBaseUrl: null,
      active: true,
    })),
    stations: DEMO_STATIONS.map((s) => ({
      id: s.id,
      centreId: s.centre,
      name: { zh: s.zh, en: s.en },
      address: { zh: s.zh, en: s.en },
      open24h: false,
      itemIds: null,
      active: true,
    })),
    staff: DEMO_STAFF.map((s) => ({
      id: s.id,
      username: s.username,
      displayName: s.name,
      role: s.role,
      centreIds: [...s.centres],
      skillGroups: [...s.groups],
      districtAdmin: 'district' in s,
      active: true,
      ...(password ? { password } : {}),
    })),
  };
  return ConfigDocument.parse(doc);
}

export async function seedDemo(ctx: Ctx, password = DEMO_PASSWORD): Promise<void> {
  await applyConfig(ctx, null, demoConfig(), false, {
    updateExisting: false,
    deactivateMissing: false,
  });
  // The demo accounts always have the demo password (as printed at start).
  const hash = await hashPassword(password, ctx.passwordParams);
  for (const s of DEMO_STAFF) {
    await ctx.db.run('UPDATE staff SET password_hash = ?, must_change_password = 0 WHERE id = ?', [
      hash,
      s.id,
    ]);
  }
}
