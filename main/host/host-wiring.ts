import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { KioskEvent } from '../../contract/kiosk';
import type { QueueSummary } from '../../contract/queue';
import { maskIdNumber, maskName } from '../../contract/gb11643';
import type { CentralClient } from './link/client';
import { CentralRequestError } from './link/http';
import { scrubIdNumbers, type Log } from './log';
import type { HostContext } from './services/context';
import { CommandRunner } from './services/commands';
import { requestDisplayRestart, writeHostState } from './services/local-state';
import type { TechMode } from './services/tech';
import { pruneStore } from './store/housekeeping';
import type { LocalStore } from './store';

// The parts createKioskHost (host.ts) wires together, one concern each: what devices and central tell
// the page, central's remote commands, the enrollment at start, the hourly housekeeping and the local
// state file read by the updater and the display restart path.

type Emit = (e: KioskEvent) => void;

/** A card placed or taken off, a serial scan, a device status: to the page (and central's fleet health). */
export function forwardDeviceEvents(ctx: HostContext, tech: TechMode, emit: Emit): void {
  const { devices, session, central, logger } = ctx;
  const log = logger.log;
  devices.on('card', (record) => {
    // In technician mode no card starts a resident session (it would show the full name and throw
    // the technician out); the test read takes the card on the reader instead.
    if (tech.unlocked()) {
      log('info', 'tech', `card placed in technician mode: ${maskIdNumber(record.idNumber)}, no session`);
      return;
    }
    const identity = session.startFromCard(record);
    log('info', 'session', `card placed: ${maskName(record.name)} ${maskIdNumber(record.idNumber)}`);
    emit({ type: 'identity', identity });
  });
  devices.on('removed', () => {
    if (tech.unlocked()) return; // a card taken off in technician mode ends nothing, locks nothing
    session.end('card removed');
    tech.lock();
    log('info', 'session', 'card removed: session ended, identity wiped');
    emit({ type: 'card.removed' });
  });
  // A serial scanner's code goes to the page as the keyboard-wedge scanners' keystrokes do; the page
  // decides what it means (an appointment code checks in).
  devices.on('scan', (code) => emit({ type: 'scan', code }));
  devices.on('status', (status) => {
    emit({ type: 'devices', status });
    void central.sync(); // fleet health learns of a device change now, not at the next heartbeat
  });
}

/** The link's status and central's queue, ticket and configuration events: to the page. */
export function forwardCentralEvents(
  ctx: HostContext,
  emit: Emit,
  onQueues: (queues: QueueSummary[]) => void,
  closed: () => boolean,
): void {
  const { central, store, logger } = ctx;
  central.on('link', (status) => emit({ type: 'link', status }));
  central.on('event', (e) => {
    if (e.type === 'queue.changed') {
      onQueues(e.data.queues);
      emit({ type: 'queues', queues: e.data.queues });
    } else if (e.type === 'ticket.called' || e.type === 'ticket.updated') {
      if (store.tickets.get(e.data.ticket.id)) emit({ type: 'ticket', ticket: e.data.ticket });
    } else if (e.type === 'config.changed') {
      // Issue 12: an admin's change reaches the kiosk without a restart. The host reloads its copies
      // first so the page, told afterwards, reads the new ones. A kiosk offline at the time gets the
      // event replayed on reconnect (since=); a failed reload is retried by the next sync anyway.
      const entity = e.data.entity;
      void central
        .reloadConfig()
        .catch((err: unknown) => logger.log('warn', 'link', `config reload: ${String(err)}`))
        .finally(() => {
          if (!closed()) emit({ type: 'config', entity });
        });
    }
  });
}

/** Central's remote commands (print a test page, self-test, logs, screenshot, restarts), run in order. */
export function runCentralCommands(
  ctx: HostContext,
  tech: TechMode,
  emit: Emit,
  o: { runDir?: string; screenshot?: () => Promise<Buffer | null> },
): void {
  const { devices, central, session, logger, events, store } = ctx;
  const commands = new CommandRunner(
    {
      printTestPage: () => tech.testPrint(),
      selfTest: async () => {
        const problem = await devices.printerProblem();
        const status = devices.status();
        return { ok: !problem && status.canPrint, report: { devices: status, printerProblem: problem } };
      },
      logs: () => {
        const file = logger.file;
        return file && existsSync(file) ? scrubIdNumbers(readFileSync(file, 'utf8')) : '';
      },
      screenshot: o.screenshot ?? (async () => null),
      setLogLevel: (level) => logger.setLevel(level),
      reloadPage: () => emit({ type: 'reload' }),
      restartDisplay: async () => {
        if (!o.runDir) throw new Error('no runtime folder: the display cannot be restarted from here');
        requestDisplayRestart(o.runDir);
      },
      restartHost: () => events.emit('restart'),
      sessionActive: () => session.active,
      now: () => Date.now() + (central.status().clockSkewMs ?? 0),
    },
    async (id, body) => {
      await central.http.request('POST', `/api/v1/stations/me/commands/${encodeURIComponent(id)}/result`, {
        body,
      });
    },
    store.settings,
    logger.log,
  );
  central.on('commands', (list) => void commands.run(list));
}

/**
 * Enrolls with a one-time code when the kiosk has no station token yet. Central out of reach postpones
 * it to the next start (the code file stays); any other failure is the caller's.
 */
export async function enrollIfNeeded(
  central: CentralClient,
  enrollCode: string | undefined,
  codeFile: string,
  log: Log,
): Promise<void> {
  if (!central.enrolled && enrollCode) {
    try {
      await central.enroll(enrollCode);
      rmSync(codeFile, { force: true });
    } catch (err) {
      if (!(err instanceof CentralRequestError && err.unreachable)) throw err;
      // A certificate refused (pinned CA, expired, wrong name) is said as such: it will not heal.
      const tls = /CERT|SELF_SIGNED|ERR_TLS/.test(err.detail);
      log(
        'warn',
        'link',
        `central unreachable (${err.detail})${tls ? ": central's certificate is not trusted: check the pinned CA (--central-ca) and central's certificate chain" : ''}; enrollment postponed until the next start`,
      );
    }
  }
  if (!central.enrolled) log('warn', 'link', 'not enrolled: start with an enrollment code');
}

/** Housekeeping (issue 18): delivered entries, old tickets and print jobs leave the store hourly. */
export function startPruning(store: LocalStore, log: Log): () => void {
  const prune = () => {
    try {
      const n = pruneStore(store);
      if (n.sent + n.rejected + n.tickets + n.printJobs > 0) {
        log(
          'info',
          'store',
          `pruned ${n.sent} sent, ${n.rejected} refused, ${n.tickets} tickets, ${n.printJobs} print jobs`,
        );
      }
    } catch (err) {
      log('warn', 'store', `pruning failed: ${(err as Error).message}`);
    }
  };
  prune();
  const pruner = setInterval(prune, 3600_000);
  pruner.unref();
  return () => clearInterval(pruner);
}

/** Writes the host's state (ready, session) to the runtime folder, if there is one, at each change. */
export function hostStatePublisher(
  runDir: string | undefined,
  ctx: Pick<HostContext, 'version' | 'session' | 'logger'>,
): { publish(): void; ready(): void } {
  let ready = false;
  const publish = () => {
    if (!runDir) return;
    try {
      writeHostState(runDir, {
        version: ctx.version,
        ready,
        sessionActive: ctx.session.active,
        pid: process.pid,
        at: new Date().toISOString(),
      });
    } catch (err) {
      ctx.logger.log('warn', 'host', `could not write the local state file: ${(err as Error).message}`);
    }
  };
  ctx.session.on('started', publish);
  ctx.session.on('ended', publish);
  return {
    publish,
    ready() {
      ready = true;
      publish();
    },
  };
}

/** A one-time enrollment code left in the data folder at provisioning (used and deleted at start). */
export function readEnrollCodeFile(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}
