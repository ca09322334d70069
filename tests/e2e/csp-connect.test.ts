import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { launchChromium } from '../helpers/chromium';
import { type TestCentral, idNumber, startTestCentral } from '../integration/central/harness';

// Central's CSP `connect-src 'self'` in Chromium (issue 11): the console's live event socket to its
// own origin still works (a ticket issued after the page loaded appears in the queue), while a socket
// to another host — here a WebSocket server listening on another port — is refused by the browser.

describe("the console's CSP connect-src", () => {
  let c: TestCentral;
  let browser: Browser;
  let stranger: { url: string; connections: number; close(): Promise<void> };
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { clock: () => new Date(), rendererDir: resolve('dist/renderer') });
    browser = await launchChromium();
    const server = createServer();
    const wss = new WebSocketServer({ server });
    const s = { url: '', connections: 0, close: async () => {} };
    wss.on('connection', () => s.connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    s.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    s.close = () => new Promise<void>((r) => (wss.close(), server.close(() => r())));
    stranger = s;
  });
  afterAll(async () => {
    await browser?.close();
    await stranger?.close();
    await c?.close();
  });

  it('keeps the live event socket to its own origin and blocks one to another host', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${c.url}/console/`);
    await page.locator('input[name=username]').fill('agent1');
    await page.locator('input[name=password]').fill('doorstep-demo');
    await page.keyboard.press('Enter');
    await page.getByTestId('agent-status').waitFor();
    const header = await page.evaluate(async () =>
      (await fetch('/console/')).headers.get('content-security-policy'),
    );
    expect(header).toContain("connect-src 'self';");

    // Live: a ticket issued now reaches the open page over the event socket.
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const r = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: idNumber('19800101', 41),
    });
    expect(r.status).toBe(201);
    await page.getByTestId('queue').locator(`tr[data-ticket="${r.body.number}"]`).waitFor();

    // Another host: the browser refuses before any connection is made.
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((done) => {
          document.addEventListener(
            'securitypolicyviolation',
            (e) => done(`blocked ${e.violatedDirective}`),
            {
              once: true,
            },
          );
          try {
            const ws = new WebSocket(url);
            ws.onopen = () => done('opened');
          } catch (err) {
            done(`threw ${(err as Error).name}`);
          }
        }),
      stranger.url,
    );
    expect(outcome).toMatch(/^blocked connect-src|^threw SecurityError/);
    expect(stranger.connections).toBe(0);
    expect(violations.some((v) => v.includes(stranger.url.replace(/\/$/, '')))).toBe(true);
    await page.close();
  });
});
