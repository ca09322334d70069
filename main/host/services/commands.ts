import { z } from 'zod';
import type {
  CommandResult,
  CommandResultRequest,
  DeliveredCommand,
  KioskCommandSpec,
} from '../../../contract/commands';
import type { Log } from '../log';

// Remote commands on the kiosk (issue 14). Central hands them out in the heartbeat answer until the
// kiosk reports; this runner runs each id at most once (ids kept in the local store, so a restart
// command does not run again after the restart it caused), refuses one past its expiry by the kiosk's
// own clock corrected by the measured skew (a kiosk that was offline never runs a command late), and
// refuses a screenshot while a resident is using the kiosk. Effects are injected: host.ts wires the
// devices, the logger and the shell; tests wire fakes or the real PTY printer.

export interface CommandEffects {
  printTestPage(): Promise<{ printed: boolean; reason?: string | null }>;
  selfTest(): Promise<{ ok: boolean; report: unknown }>;
  /** The log so far, ID numbers masked (the logger masks on write; this masks again). */
  logs(): string;
  /** A PNG of the screen, or null when this shell cannot take one. */
  screenshot(): Promise<Buffer | null>;
  setLogLevel(level: 'debug' | 'info' | 'warn' | 'error'): void;
  reloadPage(): void;
  restartDisplay(): Promise<void>;
  /** Called after the result was reported (the host exits 75; its supervisor starts it again). */
  restartHost(): void;
  sessionActive(): boolean;
  /** Now by central's clock as far as the kiosk knows it (Date.now() + measured skew). */
  now(): number;
}

export interface SeenStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

type Report = (id: string, body: CommandResultRequest) => Promise<void>;

const SEEN_KEY = 'commandsSeen';
const SEEN_MAX = 200;

export class CommandRunner {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly fx: CommandEffects,
    private readonly report: Report,
    private readonly store: SeenStore,
    private readonly log: Log,
  ) {}

  /** Runs the commands not seen before, one after another; resolves when these are done. */
  run(commands: readonly DeliveredCommand[]): Promise<void> {
    this.queue = this.queue.then(async () => {
      for (const c of commands) await this.runOne(c);
    });
    return this.queue;
  }

  private seen(): string[] {
    const parsed = z.array(z.string()).safeParse(JSON.parse(this.store.get(SEEN_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  }

  private async runOne(c: DeliveredCommand): Promise<void> {
    const seen = this.seen();
    if (seen.includes(c.id)) return;
    this.store.set(SEEN_KEY, JSON.stringify([...seen, c.id].slice(-SEEN_MAX)));
    if (this.fx.now() >= Date.parse(c.expiresAt)) {
      this.log('warn', 'command', `${c.command.type} ${c.id} expired before it could run: not run`);
      await this.send(c, 'expired', { message: 'expired before the kiosk could run it' });
      return;
    }
    this.log('info', 'command', `running ${c.command.type} ${c.id}`);
    let outcome: { state: 'done' | 'failed'; result: CommandResult };
    try {
      outcome = await this.execute(c.command);
    } catch (err) {
      outcome = { state: 'failed', result: { message: (err as Error).message.slice(0, 500) } };
    }
    await this.send(c, outcome.state, outcome.result);
    if (outcome.state === 'done' && c.command.type === 'restart-host') this.fx.restartHost();
  }

  private async send(c: DeliveredCommand, state: CommandResultRequest['state'], result: CommandResult) {
    try {
      await this.report(c.id, { state, result });
    } catch (err) {
      // Central keeps it as delivered until its expiry; the kiosk does not run it again either way.
      this.log('warn', 'command', `could not report ${c.command.type} ${c.id}: ${(err as Error).message}`);
    }
  }

  private async execute(cmd: KioskCommandSpec): Promise<{ state: 'done' | 'failed'; result: CommandResult }> {
    const done = (message: string, extra: Partial<CommandResult> = {}) => ({
      state: 'done' as const,
      result: { message, ...extra },
    });
    const failed = (message: string) => ({ state: 'failed' as const, result: { message } });
    switch (cmd.type) {
      case 'print-test-page': {
        const r = await this.fx.printTestPage();
        return r.printed ? done('test page printed') : failed(`not printed: ${r.reason ?? 'unknown'}`);
      }
      case 'self-test': {
        const r = await this.fx.selfTest();
        const text = JSON.stringify(r.report, null, 2);
        return r.ok
          ? done('devices ok', { text })
          : { state: 'failed', result: { message: 'device problems', text } };
      }
      case 'upload-logs': {
        const all = this.fx.logs();
        // The newest 256 KiB: what a technician needs, within the result's size limit.
        const text = all.length > 256 * 1024 ? all.slice(all.length - 256 * 1024) : all;
        return done(`${text.length} characters of log`, { text });
      }
      case 'screenshot': {
        if (this.fx.sessionActive()) return failed('refused: a resident session is active');
        const png = await this.fx.screenshot();
        return png
          ? done('screenshot taken', { image: png.toString('base64') })
          : failed('this shell cannot take screenshots');
      }
      case 'set-log-level':
        this.fx.setLogLevel(cmd.level);
        return done(`log level ${cmd.level}`);
      case 'reload-page':
        this.fx.reloadPage();
        return done('page reloaded');
      case 'restart-display':
        await this.fx.restartDisplay();
        return done('display restart requested');
      case 'restart-host':
        return done('restarting');
    }
  }
}
