import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DriverFactory } from '../../../main/host/devices/drivers';
import { createKioskHost } from '../../../main/host/host';
import {
  createStartupFailureHandler,
  diagnoseStartupFailure,
  jsonErrorOffset,
  startupErrorPage,
  StartupRetry,
  type Timers,
} from '../../../main/electron/startup';

// What the Electron shell shows and logs when the kiosk cannot start, and how it retries: the parts of
// main.ts's start-up that run without the Electron binary (main.ts only hands them the window).

const ID = '11010519491231002X'; // a valid GB 11643 test number

let dir: string;
let configFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-startup-'));
  configFile = join(dir, 'kiosk.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const paths = () => ({ configFile, logFile: join(dir, 'logs', 'host.log') });
const noDevices: DriverFactory = {
  reader: () => {
    throw new Error('no reader in this test');
  },
  printer: () => {
    throw new Error('no printer in this test');
  },
  detect: async () => ({ reader: null, printer: null }),
};

describe('finding the line of a kiosk.json mistake', () => {
  it('agrees with JSON.parse on what is valid and points at the first error', () => {
    const samples = [
      '{}',
      ' [1, -2.5e3, "a\\u00e9\\n", true, false, null, {"x": []}] ',
      '{"a": 1,}',
      '{"a": 1 "b": 2}',
      "{'a': 1}",
      '{"a": 01}',
      '{"a": "tab\there"}',
      '{"a": "\\x"}',
      '[1, 2',
      '',
      '{"a": 1} x',
      '\uFEFF{}',
    ];
    for (const s of samples) {
      let valid = true;
      try {
        JSON.parse(s);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(s) === null, JSON.stringify(s)).toBe(valid);
    }
    expect(jsonErrorOffset('{"a": 1 "b": 2}')).toBe(8);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
  });

  it('a missing comma: the line and column where the next setting starts', () => {
    writeFileSync(configFile, '{\n  "centralUrl": "http://10.0.0.5:8080"\n  "idleTimeoutSec": 90\n}\n');
    expect(diagnoseStartupFailure(new Error('whatever the loader said'), configFile)).toMatchObject({
      kind: 'config',
      line: 3,
      column: 3,
      detail: expect.stringMatching(/Expected ',' or '}'|Unexpected/),
    });
  });

  it('a file saved with a byte order mark says so', () => {
    writeFileSync(configFile, '\uFEFF{"idleTimeoutSec": 90}\n');
    expect(diagnoseStartupFailure(new Error('x'), configFile)).toMatchObject({
      kind: 'config',
      line: 1,
      column: 1,
      detail: expect.stringContaining('byte order mark'),
    });
  });

  it('a wrong setting: its name and line, the nested one and not a same-named key before it', () => {
    writeFileSync(
      configFile,
      JSON.stringify({ reader: { baudRate: 115200 }, printer: { path: null, baudRate: -5 } }, null, 2),
    );
    // {                 1
    //   "reader": {     2
    //     "baudRate"    3
    //   },              4
    //   "printer": {    5
    //     "path": null, 6
    //     "baudRate": -5  7
    const p = diagnoseStartupFailure(new Error('x'), configFile);
    expect(p).toMatchObject({ kind: 'config', line: 7, detail: expect.stringContaining('printer.baudRate') });
    expect(p.column).toBeUndefined();
  });

  it('the real host refusing a broken kiosk.json is diagnosed with the line', async () => {
    writeFileSync(
      configFile,
      '{\n  "centralUrl": "https://10.0.0.5:8080",\n  "idleTimeoutSec": "sixty"\n}\n',
    );
    const err = await createKioskHost({ dataDir: dir, drivers: noDevices }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(diagnoseStartupFailure(err, configFile)).toMatchObject({
      kind: 'config',
      line: 3,
      detail: expect.stringContaining('idleTimeoutSec'),
    });
  });
});

describe('other start-up failures', () => {
  it('names permission and disk problems, and masks ID numbers in any message', () => {
    const eacces = Object.assign(new Error(`EACCES: permission denied, open '${dir}/kiosk.db'`), {
      code: 'EACCES',
    });
    expect(diagnoseStartupFailure(eacces, configFile)).toMatchObject({ kind: 'access' });
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    expect(diagnoseStartupFailure(full, configFile)).toMatchObject({ kind: 'disk' });
    const leaky = diagnoseStartupFailure(new Error(`bad row for ${ID}`), configFile);
    expect(leaky.kind).toBe('other');
    expect(leaky.detail).not.toContain(ID);
    expect(leaky.detail).toContain('bad row for');
    expect(diagnoseStartupFailure('a string thrown', configFile)).toMatchObject({
      detail: 'a string thrown',
    });
  });
});

describe('the page on the kiosk screen', () => {
  it('sends residents to a window and tells the technician, in Chinese then English, what and how to fix', () => {
    writeFileSync(configFile, '{\n  "centralUrl": "http://10.0.0.5:8080"\n  "idleTimeoutSec": 90\n}\n');
    const html = startupErrorPage(diagnoseStartupFailure(new Error('x'), configFile), paths(), 30);
    expect(html).toContain('本终端暂停服务，请到窗口办理。');
    expect(html).toContain('This kiosk is out of service. Please go to a service window.');
    expect(html).toContain('kiosk.json 第 3 行第 3 列');
    expect(html).toContain('kiosk.json line 3 column 3');
    expect(html).toContain('npm run kiosk -- --provision');
    expect(html).toContain(configFile);
    expect(html).toContain('30 秒后自动重试');
    expect(html).toContain('tries again in 30 s');
    expect(html.indexOf('本终端暂停服务')).toBeLessThan(html.indexOf('This kiosk is out of service'));
    // Local and inert: its own CSP, no script, nothing fetched.
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|src=|href=/i);
  });

  it('escapes what it quotes', () => {
    const html = startupErrorPage({ kind: 'other', detail: '<img src=x onerror=alert(1)>' }, paths(), 5);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(join(dir, 'logs', 'host.log'));
  });
});

describe('failure handler and retry', () => {
  it('logs a readable line once per problem (and every 20th attempt), and shows the page each time', async () => {
    writeFileSync(configFile, '{"idleTimeoutSec": 0}');
    const log = vi.fn();
    const show = vi.fn();
    const handle = createStartupFailureHandler({ ...paths(), log, show });
    for (let attempt = 1; attempt <= 20; attempt++) {
      await handle(new Error('x'), { attempt, retryInMs: 30_000 });
    }
    expect(show).toHaveBeenCalledTimes(20);
    expect(log.mock.calls.map((c) => c[0] as string)).toEqual([
      expect.stringMatching(
        /^could not start \(attempt 1\): Settings file error: kiosk\.json line 1: idleTimeoutSec: .*Fix the file .* Next attempt in 30 s\.$/,
      ),
      expect.stringContaining('(attempt 20)'),
    ]);
    writeFileSync(configFile, '{}');
    await handle(new Error(`no such table, card ${ID}`), { attempt: 21, retryInMs: 30_000 });
    expect(log).toHaveBeenCalledTimes(3);
    expect(log.mock.calls[2]![0]).toMatch(/Start-up error: no such table/);
    expect(log.mock.calls[2]![0]).not.toContain(ID);
    expect(show.mock.calls[20]![0]).not.toContain(ID);
  });

  function manualTimers() {
    const pending: Array<{ fn: () => void; ms: number }> = [];
    const timers: Timers = {
      set: (fn, ms) => {
        const t = { fn, ms };
        pending.push(t);
        return t;
      },
      clear: (h) => pending.splice(pending.indexOf(h as (typeof pending)[0]), 1),
    };
    const fire = async () => {
      await vi.waitFor(() => expect(pending).toHaveLength(1));
      const t = pending.shift()!;
      t.fn();
      return t.ms;
    };
    return { timers, pending, fire };
  }

  it('retries after 5 s, 10 s, then every 30 s, and stops on success', async () => {
    const { timers, fire } = manualTimers();
    let failuresLeft = 4;
    const attempt = vi.fn(async () => {
      if (failuresLeft-- > 0) throw new Error('not yet');
    });
    const onFailure = vi.fn();
    const retry = new StartupRetry(attempt, onFailure, [5_000, 10_000, 30_000], timers);
    const done = retry.run();
    expect([await fire(), await fire(), await fire(), await fire()]).toEqual([5_000, 10_000, 30_000, 30_000]);
    expect(await done).toBe(true);
    expect(attempt).toHaveBeenCalledTimes(5);
    expect(onFailure.mock.calls.map((c) => c[1])).toEqual([
      { attempt: 1, retryInMs: 5_000 },
      { attempt: 2, retryInMs: 10_000 },
      { attempt: 3, retryInMs: 30_000 },
      { attempt: 4, retryInMs: 30_000 },
    ]);
  });

  it('stop() while waiting ends the run without another attempt', async () => {
    const { timers, pending } = manualTimers();
    const attempt = vi.fn(async () => Promise.reject(new Error('broken')));
    const retry = new StartupRetry(attempt, () => undefined, [5_000], timers);
    const done = retry.run();
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    retry.stop();
    expect(await done).toBe(false);
    expect(pending).toHaveLength(0);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('gives up (rejects, so the shell exits non-zero) only when the failure cannot be shown', async () => {
    const retry = new StartupRetry(
      async () => Promise.reject(new Error('broken')),
      () => Promise.reject(new Error('window gone')),
    );
    await expect(retry.run()).rejects.toThrow('window gone');
  });

  it('a technician fixing kiosk.json lets the real host start on the next attempt', async () => {
    writeFileSync(configFile, '{"heartbeatSec": -1}');
    const { timers, fire } = manualTimers();
    const shown: string[] = [];
    const onFailure = createStartupFailureHandler({
      ...paths(),
      log: () => undefined,
      show: (h) => void shown.push(h),
    });
    const retry = new StartupRetry(
      async () => {
        const host = await createKioskHost({
          dataDir: dir,
          drivers: noDevices,
          config: { centralUrl: 'http://127.0.0.1:9' },
        });
        await host.close();
      },
      onFailure,
      [30_000],
      timers,
    );
    const done = retry.run();
    await vi.waitFor(() => expect(shown).toHaveLength(1));
    expect(shown[0]).toContain('heartbeatSec');
    writeFileSync(configFile, '{"heartbeatSec": 30}');
    await fire();
    expect(await done).toBe(true);
    expect(retry.attempts).toBe(2);
  });
});
