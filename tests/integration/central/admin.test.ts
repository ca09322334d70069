import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DBS,
  type Client,
  type TestCentral,
  idNumber,
  ofType,
  startTestCentral,
  stopPostgres,
} from './harness';

// Administration (issue 12) on both databases: every entity through /api/v1/admin, versions and
// conflicts, validation with fields, audit before/after, deactivate-not-delete, the scoped centre
// admin, live config.changed events, the enrollment sheet, config documents and the catalogue sheet.

afterAll(stopPostgres);

const HOURS = {
  mon: [
    { from: '09:00', to: '12:00' },
    { from: '13:30', to: '17:00' },
  ],
  tue: [{ from: '09:00', to: '17:00' }],
  wed: [{ from: '09:00', to: '17:00' }],
  thu: [{ from: '09:00', to: '17:00' }],
  fri: [{ from: '09:00', to: '17:00' }],
};
const centreBody = (id: string) => ({
  id,
  name: { zh: '高行镇社区事务受理服务中心', en: 'Gaohang Community Affairs Centre' },
  address: { zh: '浦东新区东靖路 1 号', en: '1 Dongjing Rd, Pudong' },
  openingHours: HOURS,
  publicBaseUrl: 'https://gaohang.example.cn',
});
const itemBody = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: { zh: '高龄津贴申请', en: 'Old-age allowance' },
  description: { zh: '80 周岁以上老人', en: 'For residents aged 80 and over' },
  category: 'government',
  channels: ['window'],
  materials: [
    { name: { zh: '身份证', en: 'ID card' }, copies: 1, original: true },
    { name: { zh: '银行卡', en: 'Bank card' }, copies: 1, original: false, required: false },
  ],
  legalLimitDays: 20,
  promisedLimitDays: 10,
  skillGroup: 'civil-affairs',
  ticketPrefix: 'D',
  ...extra,
});

describe.each(DBS)('administration on %s', (kind) => {
  let c: TestCentral;
  let admin: Client & { id: string };
  beforeAll(async () => {
    c = await startTestCentral(kind);
    admin = await c.staff('admin');
  });
  afterAll(() => c?.close());

  it('creates a centre and edits it with its version; a stale edit gets 409 VERSION_CONFLICT', async () => {
    const made = await admin.post('/api/v1/admin/centres', centreBody('c-gaohang'));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: 'c-gaohang', version: 1, active: true, districtId: 'd-pudong' });
    const first = await admin.put('/api/v1/admin/centres/c-gaohang', {
      ...centreBody('x'),
      id: undefined,
      name: { zh: '高行镇中心', en: 'Gaohang Centre' },
      version: 1,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, name: { zh: '高行镇中心' } });
    const stale = await admin.put('/api/v1/admin/centres/c-gaohang', {
      ...centreBody('x'),
      id: undefined,
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await admin.get('/api/v1/admin/centres/c-gaohang')).body.name.zh).toBe('高行镇中心');
    // The district admin holds the new centre at once; the audit has before and after.
    const audit = await admin.get('/api/v1/admin/audit?subjectId=c-gaohang');
    const update = audit.body.entries.find((e: { action: string }) => e.action === 'centre.update');
    expect(update.detail.before.name.zh).toBe('高行镇社区事务受理服务中心');
    expect(update.detail.after.name.zh).toBe('高行镇中心');
  });

  it('refuses overlapping opening hours and a bad public URL with the fields named, changing nothing', async () => {
    const r = await admin.post('/api/v1/admin/centres', {
      ...centreBody('c-overlap'),
      openingHours: {
        mon: [
          { from: '09:00', to: '12:00' },
          { from: '11:30', to: '17:00' },
        ],
      },
      publicBaseUrl: 'ftp://x',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const paths = r.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toContain('openingHours.mon');
    expect(paths).toContain('publicBaseUrl');
    expect((await admin.get('/api/v1/admin/centres/c-overlap')).status).toBe(404);
  });

  it('creates an item with materials and a time limit, computes its pinyin, and refuses a prefix of another group', async () => {
    const made = await admin.post('/api/v1/admin/items', itemBody('GLJT'));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: 'i-gljt', initials: 'gljtsq', promisedLimitDays: 10, version: 1 });
    expect(made.body.materials[1].required).toBe(false);
    const clash = await admin.post('/api/v1/admin/items', itemBody('GLJT2', { ticketPrefix: 'A' }));
    expect(clash.status).toBe(400);
    expect(clash.body.error.fields[0].path).toBe('ticketPrefix');
    const dupCode = await admin.post('/api/v1/admin/items', itemBody('GLJT', { id: 'i-other' }));
    expect(dupCode.status).toBe(400);
    expect(dupCode.body.error.fields[0].path).toBe('code');
  });

  it('tells kiosks of a catalogue change on the centre stream and stops offering a deactivated item', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const events = await c.events('c-zhangjiang', { authorization: `Bearer ${kiosk.token}` });
    await events.waitFor(ofType('hello'));
    const created = await admin.post('/api/v1/admin/items', itemBody('TEMP', { ticketPrefix: 'D' }));
    expect((await kiosk.get('/api/v1/catalog')).body.items.map((i: { id: string }) => i.id)).toContain(
      'i-temp',
    );
    await events.waitFor(ofType('config.changed', (m) => m.data.id === 'i-temp'));
    // Counted before the change: its event may arrive before the HTTP answer.
    const from = events.messages.length;
    const off = await admin.put('/api/v1/admin/items/i-temp', {
      ...itemBody('TEMP'),
      active: false,
      version: created.body.version,
    });
    expect(off.status).toBe(200);
    await events.waitFor(
      ofType('config.changed', (m) => m.data.id === 'i-temp'),
      from,
    );
    expect((await kiosk.get('/api/v1/catalog')).body.items.map((i: { id: string }) => i.id)).not.toContain(
      'i-temp',
    );
    // Deactivated, not deleted: the admin still sees it.
    expect((await admin.get('/api/v1/admin/items/i-temp')).body.active).toBe(false);
  });

  it('offers at a station only the items it names', async () => {
    const st = await admin.post('/api/v1/admin/stations', {
      id: 's-gaohang-1',
      centreId: 'c-gaohang',
      name: { zh: '东陆居民区服务站', en: 'Donglu Station' },
      address: { zh: '东陆路 1 号', en: '1 Donglu Rd' },
      itemIds: ['i-gljt', 'i-jzz'],
    });
    expect(st.status).toBe(201);
    const kiosk = await c.kiosk('s-gaohang-1');
    const ids = (await kiosk.get('/api/v1/catalog')).body.items.map((i: { id: string }) => i.id);
    expect(ids.sort()).toEqual(['i-gljt', 'i-jzz']);
    // The ticket's QR link uses the centre's public base URL.
    const ticket = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: idNumber('19900101', 7),
    });
    expect(ticket.body.statusUrl).toMatch(/^https:\/\/gaohang\.example\.cn\/t\//);
    const bad = await admin.post('/api/v1/admin/stations', {
      ...st.body,
      id: 's-bad',
      itemIds: ['i-nothing'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('itemIds.0');
  });

  it('prints an enrollment sheet whose code enrolls a kiosk at that station', async () => {
    const sheet = await admin.post('/api/v1/admin/stations/s-gaohang-1/enrollment-sheet');
    expect(sheet.status).toBe(201);
    expect(sheet.body.qrSvg).toContain('<svg');
    expect(sheet.body.station.zh).toBe('东陆居民区服务站');
    const enrolled = await c.anon.post('/api/v1/stations/enroll', { code: sheet.body.code });
    expect(enrolled.body).toMatchObject({ stationId: 's-gaohang-1', centreId: 'c-gaohang' });
    const html = await fetch(`${c.url}/api/v1/admin/stations/s-gaohang-1/enrollment-sheet?format=html`, {
      method: 'POST',
      headers: admin.auth(),
    });
    const text = await html.text();
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(text).toContain('自助终端注册单');
    expect(text).toContain('@page { size: A4');
  });

  it('manages staff without ever answering a hash; a reset password must be replaced at next sign-in', async () => {
    const made = await admin.post('/api/v1/admin/staff/accounts', {
      username: 'huamu.admin',
      displayName: '花木管理员',
      role: 'admin',
      centreIds: ['c-huamu'],
      password: 'first-password-1',
    });
    expect(made.status).toBe(201);
    const dup = await admin.post('/api/v1/admin/staff/accounts', {
      ...made.body,
      password: 'first-password-1',
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.fields[0].path).toBe('username');
    const list = await admin.get('/api/v1/admin/staff');
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password_hash|passwordHash/);
    const reset = await admin.post(`/api/v1/admin/staff/${made.body.id}/reset-password`);
    const temp = reset.body.temporaryPassword as string;
    const login = await c.anon.post('/api/v1/auth/login', { username: 'huamu.admin', password: temp });
    expect(login.body.mustChangePassword).toBe(true);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': login.body.csrfToken, 'content-type': 'application/json' };
    const blocked = await fetch(`${c.url}/api/v1/admin/centres`, { headers });
    expect(blocked.status).toBe(403);
    const changed = await fetch(`${c.url}/api/v1/auth/password`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ currentPassword: temp, newPassword: 'huamu-admin-pass' }),
    });
    expect(changed.status).toBe(200);
    expect((await fetch(`${c.url}/api/v1/admin/centres`, { headers })).status).toBe(200);
  });

  it('keeps a centre admin to their centres: other centres’ records answer 404, district records 403', async () => {
    const login = await c.anon.post('/api/v1/auth/login', {
      username: 'huamu.admin',
      password: 'huamu-admin-pass',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const h = { cookie, 'x-csrf-token': login.body.csrfToken };
    const req = async (method: string, path: string, body?: unknown) =>
      fetch(`${c.url}${path}`, {
        method,
        headers: { ...h, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const centres = await req('GET', '/api/v1/admin/centres');
    expect(centres.body.centres.map((x: { id: string }) => x.id)).toEqual(['c-huamu']);
    const stations = await req('GET', '/api/v1/admin/stations');
    expect(new Set(stations.body.stations.map((s: { centreId: string }) => s.centreId))).toEqual(
      new Set(['c-huamu']),
    );
    const zj = (await admin.get('/api/v1/admin/centres/c-zhangjiang')).body;
    const st = (await admin.get('/api/v1/admin/stations/s-zhangjiang-1')).body;
    const matrix = [
      await req('GET', '/api/v1/admin/centres/c-zhangjiang'),
      await req('PUT', '/api/v1/admin/centres/c-zhangjiang', { ...zj, id: undefined, districtId: undefined }),
      await req('GET', '/api/v1/admin/stations/s-zhangjiang-1'),
      await req('PUT', '/api/v1/admin/stations/s-zhangjiang-1', { ...st, id: undefined }),
      await req('POST', '/api/v1/admin/stations/s-zhangjiang-1/enrollment-sheet'),
      await req('PUT', `/api/v1/admin/staff/st-agent1`, {
        displayName: 'x',
        role: 'agent',
        centreIds: ['c-huamu'],
        version: 1,
      }),
      await req('GET', '/api/v1/admin/stations?centreId=c-zhangjiang'),
    ];
    for (const r of matrix) {
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('张江');
    }
    const otherStation = await req('POST', '/api/v1/admin/stations', {
      ...st,
      id: 's-sneaky',
      version: undefined,
    });
    expect(otherStation.status).toBe(400);
    expect((await req('POST', '/api/v1/admin/centres', centreBody('c-mine'))).status).toBe(403);
    expect((await req('POST', '/api/v1/admin/items', itemBody('NOPE'))).status).toBe(403);
    const closure = await req('POST', '/api/v1/admin/calendar/days', {
      day: '2026-03-20',
      kind: 'closed',
      name: { zh: '设备检修', en: 'Maintenance' },
      centreId: 'c-huamu',
    });
    expect(closure.status).toBe(201);
    const holiday = await req('POST', '/api/v1/admin/calendar/days', {
      day: '2026-03-21',
      kind: 'holiday',
      name: { zh: '假', en: 'Holiday' },
    });
    expect(holiday.status).toBe(403);
    const exported = await req('GET', '/api/v1/admin/config');
    expect(exported.body.centres.map((x: { id: string }) => x.id)).toEqual(['c-huamu']);
    expect(JSON.stringify(exported.body)).not.toContain('张江');
  });

  it('answers a dry run without changing anything, and refuses a document with one bad row naming it', async () => {
    const doc = (await admin.get('/api/v1/admin/config')).body;
    expect(doc.calendar.some((d: { day: string }) => d.day === '2026-10-01')).toBe(true);
    const next = {
      ...doc,
      stations: [
        ...doc.stations,
        {
          id: 's-zhangjiang-9',
          centreId: 'c-zhangjiang',
          name: { zh: '新站', en: 'New station' },
          address: { zh: '新路', en: 'New Rd' },
        },
      ],
      staff: doc.staff.filter((s: { username: string }) => s.username !== 'agent3'),
    };
    const dry = await admin.post('/api/v1/admin/config?dryRun=1', next);
    expect(dry.body.error ?? null).toBeNull();
    expect(dry.body.stations.created).toEqual(['s-zhangjiang-9']);
    expect(dry.body.staff.deactivated).toEqual(['st-agent3']);
    expect((await admin.get('/api/v1/admin/stations/s-zhangjiang-9')).status).toBe(404);
    const bad = structuredClone(next);
    bad.items[3].ticketPrefix = 'Z';
    bad.items[4].ticketPrefix = 'Z';
    const refused = await admin.post('/api/v1/admin/config', bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toContain('items.3.ticketPrefix');
    expect((await admin.get('/api/v1/admin/stations/s-zhangjiang-9')).status).toBe(404);
    const applies = async () =>
      (await admin.get('/api/v1/admin/audit?subjectId=config')).body.entries.filter(
        (e: { action: string }) => e.action === 'config.apply',
      ).length as number;
    const before = await applies();
    const applied = await admin.post('/api/v1/admin/config', next);
    expect(applied.body.dryRun).toBe(false);
    expect((await admin.get('/api/v1/admin/stations/s-zhangjiang-9')).status).toBe(200);
    const agent3 = (await admin.get('/api/v1/admin/staff')).body.staff.find(
      (s: { id: string }) => s.id === 'st-agent3',
    );
    expect(agent3.active).toBe(false);
    // One audit entry for the whole document.
    expect(await applies()).toBe(before + 1);
  });

  it('exports the catalogue as XLSX with Chinese headers and imports it back; a bad CSV row is named', async () => {
    const res = await fetch(`${c.url}/api/v1/admin/catalog/export?format=xlsx`, { headers: admin.auth() });
    const buf = Buffer.from(await res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).getCell(3).value).toBe('事项名称');
    const back = await fetch(`${c.url}/api/v1/admin/catalog/import?dryRun=1`, {
      method: 'POST',
      headers: {
        ...admin.auth(),
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: buf,
    }).then((r) => r.json());
    expect(back.items).toMatchObject({ created: [], deactivated: [] });
    const csv = await fetch(`${c.url}/api/v1/admin/catalog/export?format=csv`, {
      headers: admin.auth(),
    }).then((r) => r.text());
    const lines = csv.split('\r\n');
    lines[2] = lines[2]!.replace(/,[A-Z],/, ',AA,');
    const refused = await fetch(`${c.url}/api/v1/admin/catalog/import`, {
      method: 'POST',
      headers: { ...admin.auth(), 'content-type': 'text/csv' },
      body: lines.join('\r\n'),
    });
    const body = await refused.json();
    expect(refused.status).toBe(400);
    expect(body.error.fields[0].path).toBe('rows.3.ticketPrefix');
  });
});

describe.each(DBS)('the district calendar on %s', (kind) => {
  let c: TestCentral;
  let admin: Client & { id: string };
  beforeAll(async () => {
    // Monday 28 September 2026, 10:00 in Shanghai: the National Day week is ahead.
    c = await startTestCentral(kind, { clock: () => new Date('2026-09-28T02:00:00Z') });
    admin = await c.staff('admin');
  });
  afterAll(() => c?.close());

  const slotsOn = async (day: string) =>
    (
      await c.anon.get(
        `/api/v1/appointments/slots?centreId=c-gaohang&itemId=i-gljt&from=${day}T00:00:00%2B08:00&to=${day}T23:59:00%2B08:00`,
      )
    ).body.slots as unknown[];

  it('makes slots on the make-up Saturday and none during the National Day holiday', async () => {
    expect((await admin.post('/api/v1/admin/centres', centreBody('c-gaohang'))).status).toBe(201);
    const item = await admin.post(
      '/api/v1/admin/items',
      itemBody('GLJT', {
        appointment: {
          slotMinutes: 30,
          capacity: 2,
          horizonDays: 14,
          checkInBeforeMinutes: 30,
          checkInAfterMinutes: 15,
        },
      }),
    );
    expect(item.status).toBe(201);
    expect(await slotsOn('2026-10-01')).toHaveLength(0);
    expect(await slotsOn('2026-10-07')).toHaveLength(0);
    expect(await slotsOn('2026-10-11')).toHaveLength(0); // an ordinary Sunday
    expect((await slotsOn('2026-10-10')).length).toBe(13); // make-up Saturday: Monday's hours, 30-minute slots
    expect((await slotsOn('2026-09-29')).length).toBe(16);
  });

  it('says closed today on a centre closure, with the next opening', async () => {
    const closed = await admin.post('/api/v1/admin/calendar/days', {
      day: '2026-09-28',
      kind: 'closed',
      name: { zh: '停电检修', en: 'Power maintenance' },
      centreId: 'c-gaohang',
    });
    expect(closed.status).toBe(201);
    const today = await c.anon.get('/api/v1/calendar/today?centreId=c-gaohang');
    expect(today.body).toMatchObject({
      open: false,
      reason: { zh: '停电检修' },
      next: { day: '2026-09-29', from: '09:00' },
    });
  });

  it('refuses a day in two states, in one import or against the stored calendar, naming the row', async () => {
    const twice = await admin.post('/api/v1/admin/calendar/import', {
      days: [
        { day: '2027-01-01', kind: 'holiday', name: { zh: '元旦', en: "New Year's Day" } },
        { day: '2027-01-01', kind: 'workday', name: { zh: '上班', en: 'Work' } },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields[0].path).toBe('days.1.kind');
    const clash = await admin.post('/api/v1/admin/calendar/days', {
      day: '2026-10-01',
      kind: 'workday',
      name: { zh: '上班', en: 'Work' },
    });
    expect(clash.status).toBe(400);
    const year = await admin.get('/api/v1/admin/calendar?year=2027');
    expect(year.body.days).toHaveLength(0);
  });

  it('imports next year from an ICS file: holidays and make-up working days', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270101',
      'DTEND;VALUE=DATE:20270104',
      'SUMMARY:元旦 / New Year',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270109',
      'SUMMARY:元旦调休上班 / Make-up working day',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const r = await fetch(`${c.url}/api/v1/admin/calendar/import`, {
      method: 'POST',
      headers: { ...admin.auth(), 'content-type': 'text/calendar' },
      body: ics,
    });
    expect(r.status).toBe(200);
    const days = (await admin.get('/api/v1/admin/calendar?year=2027')).body.days;
    expect(days.map((d: { day: string; kind: string }) => `${d.day} ${d.kind}`)).toEqual([
      '2027-01-01 holiday',
      '2027-01-02 holiday',
      '2027-01-03 holiday',
      '2027-01-09 workday',
    ]);
  });
});
