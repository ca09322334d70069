import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

// For the screen-by-screen checks (accessibility audit, sizes, languages): the built kiosk page served
// from dist/renderer with a scripted window.doorstep in the page, so every screen, error included, can
// be reached deterministically. The journeys against the real host, central and simulators are in
// kiosk-journeys.test.ts.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

export async function serveRenderer(dir = resolve('dist/renderer')) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

export interface FakeHostOptions {
  idleTimeoutSec?: number;
  countdownSec?: number;
  online?: boolean;
  canPrint?: boolean;
  /** Channel → error code: that call rejects with {error: {code}}. */
  failures?: Record<string, string>;
  /** The field errors those failures carry (none by default). */
  failureFields?: Array<{ path: string; message: string }>;
  /**
   * How a failure reaches the page, as each transport hands it over: `ipc` (default) the plain error
   * body the Electron preload rejects with, `bridge` an Error holding it as `.body` (the browser bridge).
   */
  failureAs?: 'ipc' | 'bridge';
  /** kiosk.json's documentCamera.label, as `video.settings` reports it. */
  documentCamera?: string | null;
  /** What `video.rate` answers: central has the rating now (default) or it waits in the outbox. */
  rateDelivered?: boolean;
  /** The priority claims central offers with the catalog (none by default). */
  priorityClaims?: string[];
  /** Adds a booked appointment this many days ahead (at 10:00) to the resident's list. */
  appointmentInDays?: number;
}

/** Installs window.doorstep (scripted) before the page loads; window.__fakeHost.emit(e) pushes events. */
export async function installFakeHost(page: Page, opts: FakeHostOptions = {}): Promise<void> {
  // Sent as source text: under tsx (the bench) esbuild wraps named functions in __name(), which the
  // page does not have, so a no-op stands in for it.
  const script = `globalThis.__name ??= (f) => f; (${fakeHost.toString()})(${JSON.stringify(opts)});`;
  await page.addInitScript(script);
}

function fakeHost(o: FakeHostOptions): void {
  {
    const mat = (zh: string, en: string, original = false) => ({ name: { zh, en }, copies: 1, original });
    const item = (code: string, zh: string, en: string, category: string, channels: string[]) => ({
      id: `i-${code.toLowerCase()}`,
      code,
      name: { zh, en },
      category,
      channels,
      idCardRequired: true,
      materials: [mat('居民身份证', 'Resident ID card', true), mat('户口簿', 'Household register')],
      legalLimitDays: 20,
      promisedLimitDays: 10,
      skillGroup: 'residence',
      ticketPrefix: channels.includes('video') ? 'V' : 'A',
      active: true,
    });
    const items = [
      item('JZZ', '居住证办理', 'Residence permit', 'government', ['video', 'window']),
      item('JYDJ', '就业失业登记', 'Employment registration', 'government', ['window']),
      item('YBDJ', '城乡居民医保参保登记', 'Resident medical insurance', 'health', ['window', 'video']),
      item('LNJT', '老年综合津贴申请', 'Senior allowance', 'daily_life', ['window']),
      item('FLZX', '法律咨询', 'Legal consultation', 'legal', ['video']),
      item('RMTJ', '人民调解', 'Mediation', 'legal', ['window']),
      item('JTYS', '家庭医生签约', 'Family doctor contract', 'health', ['window']),
      item('BXJY', '报修与建议', 'Repairs and suggestions', 'community_management', ['window']),
    ];
    const estimate = { known: true, minMinutes: 5, maxMinutes: 12 };
    const queues = items.flatMap((i) =>
      i.channels.map((channel, n) => ({
        centreId: 'c-zhangjiang',
        itemId: i.id,
        itemName: i.name,
        channel,
        skillGroup: 'residence',
        waiting: 2 + n,
        agentsServing: 1,
        estimate,
      })),
    );
    const canPrint = o.canPrint ?? true;
    const devices = {
      reader: { state: 'ok', port: '/dev/ttyS1' },
      printer: { state: canPrint ? 'ok' : 'paper_out', port: '/dev/ttyS2' },
      canPrint,
    };
    const link = {
      online: o.online ?? true,
      enrolled: true,
      lastContactAt: null,
      outboxDepth: 0,
      clockSkewMs: 12,
    };
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const ticket = {
      id: 't-1',
      number: 'A012',
      centreId: 'c-zhangjiang',
      stationId: 's-zhangjiang-1',
      itemId: 'i-jzz',
      channel: 'window',
      status: 'waiting',
      priority: 'normal',
      serviceDay: iso(now).slice(0, 10),
      issuedAt: iso(now),
      calledAt: null,
      printStatus: canPrint ? 'printed' : 'failed',
      waitingAhead: 2,
      estimate,
      reprint: false,
      statusUrl: 'http://127.0.0.1/t/t-1',
    };
    const print = canPrint ? { printed: true, reason: null } : { printed: false, reason: 'DEVICE_PAPER_OUT' };
    const appt = (id: string, code: string, startMs: number) => ({
      id,
      code,
      centreId: 'c-zhangjiang',
      itemId: 'i-jzz',
      slotId: `slot-${id}`,
      startsAt: iso(startMs),
      endsAt: iso(startMs + 30 * 60_000),
      status: 'booked',
      residentMasked: '310115********1234',
      ticketId: null,
      // Central's answer: open from 30 minutes before to 15 minutes after the start.
      checkIn: {
        state: now < startMs - 30 * 60_000 ? 'early' : now > startMs + 15 * 60_000 ? 'late' : 'open',
        opensAt: iso(startMs - 30 * 60_000),
        closesAt: iso(startMs + 15 * 60_000),
      },
    });
    const slots = [1, 2].flatMap((d) =>
      [9, 10, 14].map((h) => {
        const start = new Date(now + d * 86_400_000);
        start.setHours(h, 0, 0, 0);
        return {
          id: `slot-${d}-${h}`,
          centreId: 'c-zhangjiang',
          itemId: 'i-jzz',
          startsAt: iso(start.getTime()),
          endsAt: iso(start.getTime() + 30 * 60_000),
          capacity: 4,
          booked: 1,
        };
      }),
    );
    const identity = {
      source: 'manual',
      cardType: null,
      name: null,
      sex: null,
      idMasked: '110105********002X',
      age: 76,
      senior: true,
      expired: false,
    };
    const responses: Record<string, unknown> = {
      'config.get': {
        stationName: { zh: '张江镇第一服务站', en: 'Zhangjiang Station 1' },
        centreName: { zh: '张江镇社区事务受理服务中心', en: 'Zhangjiang Community Affairs Centre' },
        centreId: 'c-zhangjiang',
        idleTimeoutSec: o.idleTimeoutSec ?? 600,
        countdownSec: o.countdownSec ?? 10,
        version: '0.1.0-test',
      },
      'catalog.get': { items, priorityClaims: o.priorityClaims ?? [] },
      'queues.get': { queues },
      'devices.status': devices,
      'link.status': link,
      'identity.manual': identity,
      'identity.appointmentCode': { ...identity, source: 'appointment_code' },
      'session.end': {},
      'tickets.issue': { ticket, print, offline: false },
      'tickets.get': ticket,
      'tickets.reprint': print,
      'appointments.mine': {
        appointments: [
          appt('a1', 'K7Q2M9', now + 5 * 60_000),
          appt('a2', 'P3X8L1', now + 3 * 3600_000),
          appt('a3', 'Z9D4F6', now - 3 * 3600_000),
          ...(o.appointmentInDays
            ? [appt('a4', 'H4T6W8', new Date(now + o.appointmentInDays * 86_400_000).setHours(10, 0, 0, 0))]
            : []),
        ],
      },
      'appointments.checkIn': { ticket: { ...ticket, priority: 'appointment' }, print, offline: false },
      'appointments.slots': { slots },
      'appointments.book': { ...appt('a9', 'B5N7C2', Date.parse(slots[0]!.startsAt)), print },
      'print.materials': print,
      'tech.unlock': { ok: true },
      'tech.info': {
        version: '0.1.0-test',
        devices,
        link,
        diskFreeBytes: 8 * 2 ** 30,
        centralUrl: 'http://127.0.0.1:8080',
        stationId: 's-zhangjiang-1',
      },
      'tech.testPrint': print,
      'tech.detect': { reader: '/dev/ttyS1', printer: '/dev/ttyS2' },
      'tech.ports': {
        candidates: ['/dev/ttyS1', '/dev/ttyS2', '/dev/ttyUSB0'],
        bauds: [9600, 19200, 38400, 57600, 115200],
        current: {
          reader: { path: '/dev/ttyS1', baudRate: 115200 },
          printer: { path: '/dev/ttyS2', baudRate: 9600 },
          scanner: null,
          paperWidth: '80mm',
          qr: true,
        },
      },
      'tech.testCard': {
        card: { cardType: 'resident', nameMasked: '王**', idMasked: '310115********0019', expired: false },
      },
      'tech.exportLogs': { path: '/var/log/doorstep/logs.zip' },
      'tech.restart': {},
      'video.watch': { case: null },
      'video.settings': { documentCamera: { label: o.documentCamera ?? null } },
      'video.ice': { iceServers: [], iceTransportPolicy: 'all', expiresAt: null },
      'video.signal': {},
      'video.upload': {
        id: 'doc-1',
        caseId: 'vc-1',
        kind: 'photo',
        mime: 'image/jpeg',
        width: 640,
        height: 480,
        bytes: 1000,
        signedText: null,
        createdAt: iso(now),
      },
      'video.rate': { delivered: o.rateDelivered ?? true },
      'video.receipt': print,
    };
    // The case the test last sent as a `video` event: accepting or declining answers with it.
    let lastCase: Record<string, unknown> | null = null;
    const caseAnswer: Record<string, string> = {
      'video.accept': 'active',
      'video.decline': 'declined',
      'video.link': 'reconnecting',
    };
    const listeners = new Set<(e: unknown) => void>();
    const w = globalThis as unknown as Record<string, unknown>;
    w.__fakeHost = {
      calls: [] as string[],
      requests: [] as Array<{ channel: string; request: unknown }>,
      emit: (e: unknown) => {
        const m = (e as { type?: string; message?: { type?: string; case?: Record<string, unknown> } })
          .message;
        if ((e as { type?: string }).type === 'video' && m?.type === 'case' && m.case) lastCase = m.case;
        listeners.forEach((l) => l(e));
      },
    };
    w.doorstep = {
      call: (channel: string, request: unknown) => {
        const fake = w.__fakeHost as {
          calls: string[];
          requests: Array<{ channel: string; request: unknown }>;
        };
        fake.calls.push(channel);
        fake.requests.push({ channel, request });
        const code = o.failures?.[channel];
        if (code) {
          const body = {
            error: { code, message: code, ...(o.failureFields ? { fields: o.failureFields } : {}) },
          };
          if (o.failureAs !== 'bridge') return Promise.reject(body);
          return Promise.reject(Object.assign(new Error(code), { code, body }));
        }
        // A video ticket is issued as one (V…), and tickets.get answers with the ticket last issued.
        if (channel === 'tickets.issue' && (request as { channel?: string }).channel === 'video') {
          const issued = responses['tickets.issue'] as { ticket: Record<string, unknown> };
          const video = { ...issued.ticket, id: 't-v', number: 'V003', channel: 'video' };
          responses['tickets.get'] = video;
          return Promise.resolve(structuredClone({ ...issued, ticket: video }));
        }
        const status = caseAnswer[channel];
        if (status) return Promise.resolve({ ...structuredClone(lastCase), status });
        return Promise.resolve(structuredClone(responses[channel]));
      },
      subscribe: (l: (e: unknown) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
  }
}

/** The identity event the host sends when a card is read. */
export const CARD_IDENTITY = {
  type: 'identity',
  identity: {
    source: 'card',
    cardType: 'resident',
    name: '张小梅',
    sex: 'female',
    idMasked: '310115********1234',
    age: 45,
    senior: false,
    expired: false,
  },
} as const;

/** A video case as central sends it to the kiosk (contract/video.ts VideoCase). */
export function videoCase(id: string, status: string, extra: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    id,
    caseNumber: `VC20260302-${id.slice(-4).padStart(4, '0')}`,
    ticketId: 't-9',
    ticketNumber: 'V003',
    centreId: 'c-zhangjiang',
    stationId: 's-zhangjiang-1',
    kioskId: 'k-1',
    agentId: 'st-agent1',
    agentName: '李敏',
    itemId: 'i-jzz',
    status,
    outcome: status === 'ended' ? 'more_materials' : null,
    materialsTicked: [],
    missingMaterials: status === 'ended' ? [{ zh: '户口簿', en: 'Household register' }] : [],
    notes: '',
    createdAt: new Date(now - 60_000).toISOString(),
    ringUntil: status === 'ringing' ? new Date(now + 45_000).toISOString() : null,
    endedAt: status === 'ended' ? new Date(now).toISOString() : null,
    rated: false,
    timeline: [],
    ...extra,
  };
}

/** The `video` event of a case change. */
export const caseEvent = (c: ReturnType<typeof videoCase>) => ({
  type: 'video',
  message: { type: 'case', case: c },
});

/** The `video` event of something the agent pushed to the kiosk screen. */
export const pushEvent = (caseId: string, push: Record<string, unknown>) => ({
  type: 'video',
  message: { type: 'relay', caseId, from: 'agent', body: { kind: 'push', push } },
});
