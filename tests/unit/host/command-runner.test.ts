import { describe, expect, it } from 'vitest';
import type { CommandResultRequest, DeliveredCommand } from '../../../contract/commands';
import { CommandRunner, type CommandEffects } from '../../../main/host/services/commands';

// The kiosk's side of remote commands: each id runs once, a command whose expiry has passed by the
// kiosk's (skew-corrected) clock is reported expired and not run, and a restart happens only after
// its result was reported.

function setup(now = 1_000_000) {
  const ran: string[] = [];
  const reports: Array<[string, CommandResultRequest]> = [];
  const store = new Map<string, string>();
  const fx: CommandEffects = {
    printTestPage: async () => (ran.push('print'), { printed: true }),
    selfTest: async () => ({ ok: true, report: {} }),
    logs: () => '',
    screenshot: async () => Buffer.from('png'),
    setLogLevel: () => undefined,
    reloadPage: () => ran.push('reload'),
    restartDisplay: async () => undefined,
    restartHost: () => ran.push(`restart after ${reports.length} report(s)`),
    sessionActive: () => false,
    now: () => now,
  };
  const runner = new CommandRunner(
    fx,
    async (id, body) => void reports.push([id, body]),
    { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) },
    () => undefined,
  );
  return { runner, ran, reports };
}

const cmd = (id: string, type: DeliveredCommand['command']['type'], expiresAt = 2_000_000) =>
  ({ id, command: { type }, expiresAt: new Date(expiresAt).toISOString() }) as DeliveredCommand;

describe('kiosk command runner', () => {
  it('runs a command handed out twice only once', async () => {
    const { runner, ran, reports } = setup();
    await runner.run([cmd('c1', 'print-test-page')]);
    await runner.run([cmd('c1', 'print-test-page')]);
    expect(ran).toEqual(['print']);
    expect(reports).toEqual([['c1', { state: 'done', result: { message: 'test page printed' } }]]);
  });

  it('does not run a command that expired while the kiosk was offline, and says so', async () => {
    const { runner, ran, reports } = setup(3_000_000);
    await runner.run([cmd('c2', 'print-test-page', 2_000_000)]);
    expect(ran).toEqual([]);
    expect(reports[0]![1].state).toBe('expired');
  });

  it('reports a host restart before restarting', async () => {
    const { runner, ran } = setup();
    await runner.run([cmd('c3', 'restart-host')]);
    expect(ran).toEqual(['restart after 1 report(s)']);
  });
});
