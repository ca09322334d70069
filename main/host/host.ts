import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  DoorstepApi,
  KioskChannel,
  KioskEvent,
  KioskRequest,
  KioskResponse,
} from '../../contract/kiosk';
import type { QueueSummary } from '../../contract/queue';
import { maskIdNumber, maskName } from '../../contract/gb11643';
import { createHandlers, dispatch, type Handlers } from './api';
import { CentralClient } from './link/client';
import { CentralRequestError } from './link/http';
import { loadConfig, mergeConfig, saveConfig, type HostConfig, type HostConfigInput } from './config';
import { DeviceManager } from './devices/device-manager';
import type { DriverFactory } from './devices/drivers';
import { makePrivate } from './files';
import { createLogger, type HostLogger } from './log';
import { onOutboxAccepted } from './services/offline-sync';
import { diskFreeBytes, TechMode } from './services/tech';
import type { HostContext } from './services/context';
import { KioskSession } from './session';
import { pruneStore } from './store/housekeeping';
import { settleInterruptedIssues } from './services/unsettled-issues';
import { LocalStore } from './store';
import { version as packageVersion } from '../../package.json';
import { videoHandlers } from './video/handlers';
import { CommandRunner } from './services/commands';
import {
  UPDATER_STATE_FILE,
  readUpdaterState,
  requestDisplayRestart,
  writeHostState,
} from './services/local-state';
import { scrubIdNumbers } from './log';

// The kiosk host facade: createKioskHost wires config, store, devices, central client and session,
// and exposes exactly window.doorstep (DoorstepApi) plus close(). Both shells wrap this object:
// the browser shell over its WebSocket bridge, the Electron layer over IPC.

export interface KioskHostOptions {
  /** Data folder: kiosk.json, kiosk.db, logs/. */
  dataDir: string;
  /** Settings that override (and are saved into) kiosk.json, e.g. from the command line. */
  config?: HostConfigInput;
  /** One-time enrollment code, used when the kiosk has no station token yet (else <data>/enroll-code). */
  enrollCode?: string;
  /** Device drivers; the native/ serial drivers by default. */
  drivers?: DriverFactory;
  version?: string;
  /** Also write log lines to stderr. */
  logEcho?: boolean;
  /** Extra channel handlers (e.g. main/host/video), given the host's context. */
  plugins?: Array<(ctx: HostContext) => Handlers>;
  /**
   * Runtime folder shared with the root-side updater and the display restart path unit
   * (services/local-state.ts); default $RUNTIME_DIRECTORY (systemd's RuntimeDirectory=), none without.
   */
  runDir?: string;
  /** The updater's state file (default /run/doorstep-updater/state.json). */
  updaterStateFile?: string;
  /** A screenshot of the kiosk screen for the remote command, when the shell can take one. */
  screenshot?: () => Promise<Buffer | null>;
}

export interface KioskHost extends DoorstepApi {
  readonly config: HostConfig;
  readonly dataDir: string;
  readonly logger: HostLogger;
  /** A technician asked for a restart (the shell decides how). */
  onRestart(listener: () => void): void;
  /** Syncs with central now (tests, technician): heartbeat, outbox replay, leases. */
  syncNow(): Promise<void>;
  /** The station token, null before enrollment: the Electron shell's update feed asks with it. */
  stationToken(): string | null;
  /** A resident is at the kiosk (no update is installed then). */
  sessionActive(): boolean;
  close(): Promise<void>;
}

/** A one-time enrollment code left in the data folder at provisioning (used and deleted at start). */
export const ENROLL_CODE_FILE = 'enroll-code';

function readEnrollCodeFile(dataDir: string): string | undefined {
  const file = join(dataDir, ENROLL_CODE_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

export async function createKioskHost(options: KioskHostOptions): Promise<KioskHost> {
  const dataDir = options.dataDir;
  makePrivate(dataDir);
  const configFile = join(dataDir, 'kiosk.json');
  const config = mergeConfig(loadConfig(configFile), options.config ?? {});
  saveConfig(configFile, config);
  const logger = createLogger({ dir: join(dataDir, 'logs'), echo: options.logEcho });
  const log = logger.log;
  const version = options.version ?? packageVersion;
  const drivers =
    options.drivers ?? (await import('./devices/native-drivers')).createNativeDrivers(log, dataDir);
  const store = LocalStore.open(join(dataDir, 'kiosk.db'));
  const events = new EventEmitter<{ event: [KioskEvent]; restart: [] }>();
  const session = new KioskSession();
  const devices = new DeviceManager(config, drivers, log);
  let lastQueues: QueueSummary[] | null = null;
  let closed = false;
  const central = new CentralClient({
    centralUrl: config.centralUrl,
    ca: config.centralCa,
    store,
    log,
    version,
    heartbeatSec: config.heartbeatSec,
    leaseBlockSize: config.leaseBlockSize,
    deviceStatus: () => devices.status(),
    diskFreeBytes: () => diskFreeBytes(dataDir),
    onAccepted: (entry, answer) => onOutboxAccepted({ store, central, logger })(entry, answer),
    updateReport: () => readUpdaterState(options.updaterStateFile ?? UPDATER_STATE_FILE),
    sessionActive: () => session.active,
  });
  const runDir = options.runDir ?? process.env.RUNTIME_DIRECTORY?.split(':')[0];
  let ready = false;
  const publishState = () => {
    if (!runDir) return;
    try {
      writeHostState(runDir, {
        version,
        ready,
        sessionActive: session.active,
        pid: process.pid,
        at: new Date().toISOString(),
      });
    } catch (err) {
      log('warn', 'host', `could not write the local state file: ${(err as Error).message}`);
    }
  };
  session.on('started', publishState);
  session.on('ended', publishState);
  const closeSteps: Array<() => Promise<void> | void> = [];
  const ctx: HostContext = {
    config,
    configFile,
    dataDir,
    version,
    store,
    session,
    devices,
    central,
    logger,
    events,
    onClose: (step) => closeSteps.push(step),
  };
  const tech = new TechMode(ctx);
  const handlers: Handlers = {
    ...createHandlers(ctx, tech, () => lastQueues),
    ...Object.assign({}, ...[videoHandlers, ...(options.plugins ?? [])].map((p) => p(ctx))),
  };
  const emit = (e: KioskEvent) => events.emit('event', e);
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
      screenshot: options.screenshot ?? (async () => null),
      setLogLevel: (level) => logger.setLevel(level),
      reloadPage: () => emit({ type: 'reload' }),
      restartDisplay: async () => {
        if (!runDir) throw new Error('no runtime folder: the display cannot be restarted from here');
        requestDisplayRestart(runDir);
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
    log,
  );
  central.on('commands', (list) => void commands.run(list));

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
  central.on('link', (status) => emit({ type: 'link', status }));
  central.on('event', (e) => {
    if (e.type === 'queue.changed') {
      lastQueues = e.data.queues;
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
        .catch((err: unknown) => log('warn', 'link', `config reload: ${String(err)}`))
        .finally(() => {
          if (!closed) emit({ type: 'config', entity });
        });
    }
  });

  const enrollCode = options.enrollCode ?? readEnrollCodeFile(dataDir);
  try {
    if (!central.enrolled && enrollCode) {
      try {
        await central.enroll(enrollCode);
        rmSync(join(dataDir, ENROLL_CODE_FILE), { force: true });
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
    await devices.start();
    central.start();
    // Ticket requests a previous run died in (kill, power loss) never reached a resident.
    settleInterruptedIssues(ctx);
    await central.sync();
  } catch (err) {
    // A start that fails half-way lets go of what it opened (the shell retries; nothing may leak).
    for (const step of closeSteps.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined);
    await central.close().catch(() => undefined);
    await devices.close().catch(() => undefined);
    store.close();
    throw err;
  }
  log('info', 'host', `kiosk host ${version} ready (data ${dataDir})`);
  // Housekeeping (issue 18): delivered entries, old tickets and print jobs leave the store hourly.
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
  closeSteps.push(() => clearInterval(pruner));
  ready = true;
  publishState();

  return {
    config,
    dataDir,
    logger,
    call<C extends KioskChannel>(channel: C, request: KioskRequest<C>): Promise<KioskResponse<C>> {
      if (closed) return Promise.reject(new Error('the kiosk host is closed'));
      return dispatch(handlers, channel, request);
    },
    subscribe(listener) {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
    onRestart(listener) {
      events.on('restart', listener);
    },
    syncNow: () => central.sync(),
    stationToken: () => store.station.get()?.token ?? null,
    sessionActive: () => session.active,
    async close() {
      if (closed) return;
      closed = true;
      session.end('shutdown');
      for (const step of closeSteps.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined);
      await central.close();
      await devices.close();
      store.close();
      log('info', 'host', 'kiosk host stopped');
    },
  };
}
