import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { DoorstepApi, KioskChannel } from '../../../contract/kiosk';
import { createCallHandler } from '../../../main/electron/ipc';
import { createIpcDoorstep } from '../../../main/electron/preload-api';
import { APP_ORIGIN } from '../../../main/electron/protocol';
import { serveBridgeConnection } from '../../../main/host/browser-shell/bridge';
import { BRIDGE_PROTOCOL } from '../../../main/host/browser-shell/protocol';
import { CentralHttp } from '../../../main/host/link/http';
import { createBridgeClient } from '../../../renderer/shared/bridge-client';
import { KioskCallFailed, messageOf } from '../../../renderer/kiosk/doorstep/errors';
import { kioskTransport } from '../../../renderer/kiosk/doorstep/transport';

// A refusal from central (HTTP error body with field errors) reaches the kiosk page with its code and
// fields intact over each transport — Electron IPC with contextBridge's copy in between, and the browser
// shell's WebSocket bridge — and the page gets one KioskCallFailed whose code has its bilingual text.

const REFUSAL = {
  error: {
    code: 'VALIDATION_FAILED',
    message: 'phone: not a mobile number',
    fields: [{ path: 'phone', message: 'not a mobile number' }],
  },
};

/** A host whose every call goes to central over HTTP, as the kiosk host's services do. */
function hostOver(central: CentralHttp): DoorstepApi {
  return {
    call: async () => (await central.request('POST', '/api/v1/kiosk/appointments', { body: {} })) as never,
    subscribe: () => () => undefined,
  };
}

/** What contextBridge does to a rejection crossing into the page: a structured copy (an Error keeps only its message). */
function acrossContextBridge(api: DoorstepApi): DoorstepApi {
  return {
    call: (channel, request) =>
      api.call(channel, request).catch((e: unknown) => Promise.reject(structuredClone(e))),
    subscribe: (l) => api.subscribe(l),
  };
}

async function failureOfCall(api: DoorstepApi): Promise<KioskCallFailed> {
  const err = await api.call('tech.unlock' as KioskChannel, { pin: '1234' } as never).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KioskCallFailed);
  return err as KioskCallFailed;
}

describe('a host error on its way to the kiosk page', () => {
  let central: Server;
  let http: CentralHttp;
  beforeAll(async () => {
    central = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(REFUSAL));
    });
    await new Promise<void>((r) => central.listen(0, '127.0.0.1', r));
    const { port } = central.address() as AddressInfo;
    http = new CentralHttp({ baseUrl: `http://127.0.0.1:${port}`, getToken: () => 'station-token' });
  });
  afterAll(() => new Promise<void>((r) => central.close(() => r())));

  it('keeps code and fields over Electron IPC and contextBridge, and the code has its bilingual text', async () => {
    const handle = createCallHandler(hostOver(http), APP_ORIGIN);
    const frame = { senderFrame: { url: `${APP_ORIGIN}/kiosk/` } } as never;
    const preload = createIpcDoorstep(
      (message) => handle(frame, message),
      () => undefined,
    );
    const failed = await failureOfCall(kioskTransport(acrossContextBridge(preload)));
    expect(failed.code).toBe('VALIDATION_FAILED');
    expect(failed.fields).toEqual(REFUSAL.error.fields);
    const text = messageOf(failed.code);
    expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(text.en).toMatch(/[a-z]/i);
    expect(text).not.toEqual(messageOf('SOMETHING_UNKNOWN'));
  });

  it('keeps code and fields over the browser-shell WebSocket bridge', async () => {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
    });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    wss.on('connection', (socket) => serveBridgeConnection(socket, hostOver(http), () => undefined));
    const { port } = wss.address() as AddressInfo;
    const g = globalThis as { WebSocket?: unknown };
    const had = g.WebSocket;
    g.WebSocket = WebSocket; // the page's WebSocket; Node 20 has none
    const bridge = createBridgeClient(`ws://127.0.0.1:${port}/bridge`, 'a'.repeat(32));
    try {
      const failed = await failureOfCall(kioskTransport(bridge));
      expect(failed.code).toBe('VALIDATION_FAILED');
      expect(failed.fields).toEqual(REFUSAL.error.fields);
    } finally {
      bridge.close();
      g.WebSocket = had;
      await new Promise<void>((r) => wss.close(() => r()));
    }
  });

  it('turns anything without an error body into INTERNAL instead of guessing', async () => {
    const broken: DoorstepApi = {
      call: () => Promise.reject(new Error('boom')),
      subscribe: () => () => undefined,
    };
    const failed = await failureOfCall(kioskTransport(broken));
    expect(failed).toMatchObject({ code: 'INTERNAL', message: 'boom', fields: [] });
  });
});
