import { describe, expect, it, vi } from 'vitest';
import { createCallHandler } from '../../../main/electron/ipc';
import { PreventDisplaySleep, RendererWatchdog } from '../../../main/electron/lifecycle';
import { APP_ORIGIN } from '../../../main/electron/protocol';

const frame = (url: string) => ({ senderFrame: { url } }) as never;

describe('IPC call handler', () => {
  const host = { call: vi.fn(async () => ({ ok: true })) };
  const handle = createCallHandler(host as never, APP_ORIGIN);

  it('forwards a valid call from the kiosk page to the host', async () => {
    const r = await handle(frame(`${APP_ORIGIN}/kiosk/`), {
      channel: 'tech.unlock',
      request: { pin: '1234' },
    });
    expect(r).toEqual({ ok: true, value: { ok: true } });
    expect(host.call).toHaveBeenCalledWith('tech.unlock', { pin: '1234' });
  });

  it('refuses calls from another frame, unknown channels and bad requests without reaching the host', async () => {
    host.call.mockClear();
    const foreign = await handle(frame('https://evil.example/'), {
      channel: 'tech.unlock',
      request: { pin: '1' },
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const subframe = await handle(
      { senderFrame: { url: `${APP_ORIGIN}/kiosk/`, parent: { url: `${APP_ORIGIN}/kiosk/` } } } as never,
      { channel: 'tech.unlock', request: { pin: '1' } },
    );
    expect(subframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const unknown = await handle(frame(`${APP_ORIGIN}/kiosk/`), { channel: 'constructor', request: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const bad = await handle(frame(`${APP_ORIGIN}/kiosk/`), {
      channel: 'tickets.issue',
      request: { itemId: 5 },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(host.call).not.toHaveBeenCalled();
  });

  it('passes a host error code through to the page', async () => {
    const failing = createCallHandler(
      {
        call: async () => Promise.reject(Object.assign(new Error('paper out'), { code: 'DEVICE_PAPER_OUT' })),
      } as never,
      APP_ORIGIN,
    );
    const r = await failing(frame(`${APP_ORIGIN}/kiosk/`), { channel: 'tech.testPrint', request: {} });
    expect(r).toEqual({ ok: false, error: { code: 'DEVICE_PAPER_OUT', message: 'paper out' } });
  });

  it('keeps the field errors of a refused request, from the host and from its own check', async () => {
    const body = {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'bad',
        fields: [{ path: 'idNumber', message: 'checksum' }],
      },
    };
    const failing = createCallHandler(
      {
        call: async () =>
          Promise.reject(Object.assign(new Error('bad'), { code: 'VALIDATION_FAILED', body })),
      } as never,
      APP_ORIGIN,
    );
    const r = await failing(frame(`${APP_ORIGIN}/kiosk/`), { channel: 'tech.testPrint', request: {} });
    expect(r).toEqual({ ok: false, ...body });
    const own = await failing(frame(`${APP_ORIGIN}/kiosk/`), {
      channel: 'tickets.issue',
      request: { itemId: 5 },
    });
    expect(own).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((own as { error: { fields?: unknown[] } }).error.fields?.length).toBeGreaterThan(0);
  });
});

describe('lifecycle', () => {
  it('reloads a crashed renderer, but not in a crash loop', () => {
    let t = 0;
    const log = { info: vi.fn(), error: vi.fn() };
    const w = new RendererWatchdog(log, 3, () => t);
    expect(w.onGone({ reason: 'clean-exit', exitCode: 0 })).toBe(false);
    expect([1, 2, 3, 4].map(() => w.onGone({ reason: 'crashed', exitCode: 139 }))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    t += 61_000;
    expect(w.onGone({ reason: 'oom', exitCode: 1 })).toBe(true);
  });

  it('keeps one display-sleep blocker and releases it', () => {
    const started = new Set<number>();
    let next = 1;
    const blocker = {
      start: vi.fn(() => {
        started.add(next);
        return next++;
      }),
      stop: vi.fn((id: number) => started.delete(id)),
      isStarted: (id: number) => started.has(id),
    };
    const p = new PreventDisplaySleep(blocker);
    p.enable();
    p.enable();
    expect(blocker.start).toHaveBeenCalledTimes(1);
    expect(blocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    p.disable();
    expect(started.size).toBe(0);
  });
});
