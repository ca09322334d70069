import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type {
  DoorstepApi,
  KioskChannel,
  KioskEvent,
  KioskRequest,
  KioskResponse,
} from '../../contract/kiosk';
import type { QueueSummary } from '../../contract/queue';
import { createHandlers, dispatch, type Handlers } from './api';
import { CentralClient } from './link/client';
import { loadConfig, mergeConfig, saveConfig, type HostConfig, type HostConfigInput } from './config';
import { DeviceManager } from './devices/device-manager';
import type { DriverFactory } from './devices/drivers';
import { makePrivate } from './files';
import {
  enrollIfNeeded,
  forwardCentralEvents,
  forwardDeviceEvents,
  hostStatePublisher,
  readEnrollCodeFile,
  runCentralCommands,
  startPruning,
} from './host-wiring';
import { createLogger, type HostLogger } from './log';
import { onOutboxAccepted } from './services/offline-sync';
import { diskFreeBytes, TechMode } from './services/tech';
import type { HostContext } from './services/context';
import { KioskSession } from './session';
import { settleInterruptedIssues } from './services/unsettled-issues';
import { LocalStore } from './store';
import { version as packageVersion } from '../../package.json';
import { videoHandlers } from './video/handlers';
import { UPDATER_STATE_FILE, readUpdaterState } from './services/local-state';

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

export async function createKioskHost(options: KioskHostOptions): Promise<KioskHost> {
  const { ctx, runCloseSteps } = await openContext(options);
  const { config, dataDir, version, store, session, devices, central, logger, events } = ctx;
  const log = logger.log;
  const runDir = options.runDir ?? process.env.RUNTIME_DIRECTORY?.split(':')[0];
  let lastQueues: QueueSummary[] | null = null;
  let closed = false;
  const state = hostStatePublisher(runDir, ctx);
  const tech = new TechMode(ctx);
  const handlers: Handlers = {
    ...createHandlers(ctx, tech, () => lastQueues),
    ...Object.assign({}, ...[videoHandlers, ...(options.plugins ?? [])].map((p) => p(ctx))),
  };
  const emit = (e: KioskEvent) => events.emit('event', e);
  runCentralCommands(ctx, tech, emit, { runDir, screenshot: options.screenshot });
  forwardDeviceEvents(ctx, tech, emit);
  forwardCentralEvents(
    ctx,
    emit,
    (queues) => (lastQueues = queues),
    () => closed,
  );

  const codeFile = join(dataDir, ENROLL_CODE_FILE);
  try {
    await enrollIfNeeded(central, options.enrollCode ?? readEnrollCodeFile(codeFile), codeFile, log);
    await devices.start();
    central.start();
    // Ticket requests a previous run died in (kill, power loss) never reached a resident.
    settleInterruptedIssues(ctx);
    await central.sync();
  } catch (err) {
    // A start that fails half-way lets go of what it opened (the shell retries; nothing may leak).
    await runCloseSteps();
    await central.close().catch(() => undefined);
    await devices.close().catch(() => undefined);
    store.close();
    throw err;
  }
  log('info', 'host', `kiosk host ${version} ready (data ${dataDir})`);
  ctx.onClose(startPruning(store, log));
  state.ready();

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
      await runCloseSteps();
      await central.close();
      await devices.close();
      store.close();
      log('info', 'host', 'kiosk host stopped');
    },
  };
}

/** Opens what the host works with (config, log, store, devices, central's client) as its context. */
async function openContext(
  options: KioskHostOptions,
): Promise<{ ctx: HostContext; runCloseSteps(): Promise<void> }> {
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
  const central: CentralClient = new CentralClient({
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
  const runCloseSteps = async () => {
    for (const step of closeSteps.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  return { ctx, runCloseSteps };
}
