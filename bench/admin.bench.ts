// Bulk setup of a generated district the size of Pudong (36 centres, 1,308 stations, 150 items,
// 2,000 staff) through POST /api/v1/admin/config on SQLite: the dry run and the real import (one
// transaction), and the admin station list with 1,308 rows (API answer + a client-side filter, the
// work the admin page does per keystroke). Target: dry run + import < 10 s; list + filter < 1 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCentral } from '../central/server';
import type { ConfigDocumentInput } from '../contract/api/admin-config';
import { demoConfig } from '../central/seed/demo';
import { report } from './report';

const CENTRES = 36;
const STATIONS = 1308;
const ITEMS = 150;
const STAFF = 2000;

function district(): ConfigDocumentInput {
  const demo = demoConfig();
  const hours = demo.centres[0]!.openingHours;
  const groups = demo.skillGroups;
  const prefixes = 'ABCDEFGHIJKLMNOPQRSTUWXYZ'.split('');
  return {
    district: demo.district,
    skillGroups: groups,
    items: Array.from({ length: ITEMS }, (_, i) => {
      const base = demo.items[i % demo.items.length]!;
      const g = i % groups.length;
      return {
        ...base,
        id: `i-gen-${i}`,
        code: `GEN-${i}`,
        skillGroup: groups[g]!.id,
        ticketPrefix: prefixes[g]!,
        channels: ['window'],
        appointment: undefined,
      };
    }),
    centres: Array.from({ length: CENTRES }, (_, i) => ({
      id: `c-gen-${i}`,
      name: { zh: `第${i + 1}社区事务受理服务中心`, en: `Centre ${i + 1}` },
      address: { zh: `浦东新区某路 ${i + 1} 号`, en: `${i + 1} Some Rd` },
      openingHours: hours,
      publicBaseUrl: null,
      active: true,
    })),
    stations: Array.from({ length: STATIONS }, (_, i) => ({
      id: `s-gen-${i}`,
      centreId: `c-gen-${i % CENTRES}`,
      name: { zh: `第${i + 1}居民区家门口服务站`, en: `Station ${i + 1}` },
      address: { zh: `某小区 ${i + 1} 号`, en: `${i + 1} Estate` },
    })),
    staff: Array.from({ length: STAFF }, (_, i) => ({
      id: `st-gen-${i}`,
      username: `staff${i}`,
      displayName: `工作人员 ${i}`,
      role: i % 50 === 0 ? 'admin' : 'agent',
      centreIds: [`c-gen-${i % CENTRES}`],
      skillGroups: [groups[i % groups.length]!.id],
    })),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'doorstep-bench-admin-'));
const central = await startCentral({ dataDir: join(dir, 'data'), seed: 'demo', port: 0 });
try {
  const login = await fetch(`${central.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'doorstep-demo' }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = {
    cookie: login.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': csrfToken,
    'content-type': 'application/json',
  };
  const doc = district();
  // The demo admin stays (it is signing in); everything else of the demo is deactivated by the import.
  doc.staff.push({
    id: 'st-admin',
    username: 'admin',
    displayName: 'Admin',
    role: 'admin',
    centreIds: ['c-gen-0'],
    districtAdmin: true,
  });
  const body = JSON.stringify(doc);
  const post = async (q: string) => {
    const t0 = performance.now();
    const r = await fetch(`${central.url}/api/v1/admin/config${q}`, { method: 'POST', headers, body });
    const ms = performance.now() - t0;
    if (r.status !== 200) throw new Error(`import failed: ${r.status} ${await r.text()}`);
    return ms;
  };
  const dry = await post('?dryRun=1');
  report({
    name: 'admin config dry run (36 centres, 1,308 stations, 150 items, 2,000 staff)',
    value: dry / 1000,
    unit: 's',
  });
  const apply = await post('');
  report({ name: 'admin config import, one transaction', value: apply / 1000, unit: 's' });
  report({ name: 'admin config dry run + import', value: (dry + apply) / 1000, unit: 's', target: '< 10 s' });
  const t0 = performance.now();
  const list = (await (await fetch(`${central.url}/api/v1/admin/stations`, { headers })).json()) as {
    stations: Array<{ id: string; name: { zh: string; en: string } }>;
  };
  const hits = list.stations.filter(
    (s) => s.name.zh.includes('12') || s.name.en.toLowerCase().includes('12'),
  );
  const listMs = performance.now() - t0;
  if (list.stations.length < STATIONS || hits.length === 0) throw new Error('station list incomplete');
  report({
    name: `admin station list (${list.stations.length} rows) + filter`,
    value: listMs,
    unit: 'ms',
    target: '< 1000 ms',
  });
} finally {
  await central.close();
  rmSync(dir, { recursive: true, force: true });
}
