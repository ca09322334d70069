import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ProvisionFile, ProvisionSource, ProvisionState } from '../../../contract/provisioning';
import { hashPin, loadConfig, mergeConfig, saveConfig } from '../config';
import type { ScannerDriver } from '../devices/drivers';
import { ENROLL_CODE_FILE } from '../host';
import type { Log } from '../log';
import type { Enroll } from './enroll';
import { watchProvisionFiles } from './file-watch';
import { startPageServer } from './page-server';
import { parseProvisionFile, parseScan, type PayloadResult } from './payload';
import {
  CA_FILE,
  DISPLAY_FILE,
  HOST_ENV_FILE,
  knownCentral,
  PROVISIONED_FILE,
  writePrivate,
} from './state-files';

// A fresh kiosk's first boot (docs/deployment.md): until it is enrolled it shows the "not provisioned"
// page on the kiosk page's own address and waits for one of: a provision.json on a USB stick or the
// boot partition, a QR scanned with its serial scanner, or a keyboard-wedge scan typed into the page.
// Enrolled, it keeps the page's pending request open so the kiosk page's address can be handed over
// once the host serves it: the screen goes from "not provisioned" to the start screen by itself.

export interface FirstBootOptions {
  dataDir: string;
  /** The kiosk page's port (8081 packaged; 0 = any, tests). */
  port: number;
  /** Folders searched for provision.json, and their sub-folders one level down (mounted USB sticks). */
  watch: string[];
  /** Serial scanners to listen on (a fresh kiosk may not know which port its scanner is on). */
  scanners: ScannerDriver[];
  enroll: Enroll;
  log: Log;
  /** How often the folders are looked at, ms (default 1000). */
  pollMs?: number;
  /** After a failed attempt because central did not answer, a file is tried again this often (ms). */
  retryUnavailableMs?: number;
  /** Called when the page shows life (it polls its state): the screen watchdog's sign. */
  onPageSeen?: () => void;
}

export interface ProvisionOutcome {
  provision: ProvisionFile;
  source: ProvisionSource;
  /** A CA certificate was given: the host must restart to trust it (NODE_EXTRA_CA_CERTS). */
  restart: boolean;
}

export interface FirstBoot {
  /** The page's address with its token (for the display session). */
  readonly url: string;
  readonly port: number;
  state(): ProvisionState;
  /** Calls `listener` on each change of the state; returns the way to stop. */
  onChange(listener: (s: ProvisionState) => void): () => void;
  /** Resolves once the kiosk is enrolled and its settings are saved. */
  readonly done: Promise<ProvisionOutcome>;
  /** Stops listening (the port is free for the kiosk page) but keeps the page's pending request. */
  stopListening(): Promise<void>;
  /** Tells the waiting page where the kiosk page is, then closes. */
  handOff(kioskUrl: string): void;
  close(): Promise<void>;
}

type Attempt = { source: ProvisionSource; payload: PayloadResult; fileAttempt?: string };

export async function startFirstBoot(o: FirstBootOptions): Promise<FirstBoot> {
  const token = randomBytes(18).toString('base64url');
  const store = stateStore({ state: 'waiting', central: knownCentral(o.dataDir), searched: o.watch });
  const setState = (next: ProvisionState) => store.set(next);
  let busy = false;
  let finished = false;
  let resolveDone!: (v: ProvisionOutcome) => void;
  const done = new Promise<ProvisionOutcome>((r) => (resolveDone = r));

  async function attempt(a: Attempt): Promise<void> {
    if (busy || finished) return;
    if (!a.payload.ok) {
      o.log('warn', 'provision', `${a.source}: ${a.payload.code}: ${a.payload.detail}`);
      setState({ ...store.get(), state: 'failed', error: { code: a.payload.code, source: a.source } });
      return;
    }
    busy = true;
    const p = a.payload.value;
    setState({ ...store.get(), state: 'enrolling', central: p.central, error: undefined });
    o.log('info', 'provision', `${a.source}: enrolling with ${p.central}`);
    try {
      if (saveProvisionedSettings(o.dataDir, p) === 'restart') return finish(p, a.source, true);
      const r = await o.enroll(p);
      if (!r.ok) {
        o.log('warn', 'provision', `${a.source}: enrollment failed: ${r.code}: ${r.detail}`);
        setState({ ...store.get(), state: 'failed', error: { code: r.code, source: a.source } });
        if (a.fileAttempt) files.retryLater(a.fileAttempt, r.code === 'UNAVAILABLE');
        return;
      }
      finish(p, a.source, false);
    } finally {
      busy = false;
    }
  }

  function finish(p: ProvisionFile, source: ProvisionSource, restart: boolean): void {
    finished = true;
    writePrivate(
      o.dataDir,
      PROVISIONED_FILE,
      `${JSON.stringify({ at: new Date().toISOString(), source, central: p.central })}\n`,
    );
    setState({ ...store.get(), state: 'enrolled', central: p.central, error: undefined });
    o.log('info', 'provision', `provisioned from ${source}${restart ? ' (restart to trust the CA)' : ''}`);
    stopWatching();
    resolveDone({ provision: p, source, restart });
  }

  const files = watchProvisionFiles({
    ...o,
    paused: () => busy || finished,
    onFile: (text, fileAttempt) =>
      void attempt({ source: 'file', payload: parseProvisionFile(text), fileAttempt }),
  });
  const scanners = await listenToScanners(o.scanners, (text) =>
    attempt({ source: 'scanner', payload: parseScan(text, knownCentral(o.dataDir)) }),
  );
  function stopWatching(): void {
    files.stop();
    void scanners.close();
  }

  const page = await startPageServer({
    port: o.port,
    token,
    state: store.get,
    enrolled: () => finished,
    onScan: (text) => void attempt({ source: 'page', payload: parseScan(text, knownCentral(o.dataDir)) }),
    onPageSeen: o.onPageSeen,
  });
  o.log(
    'info',
    'provision',
    `not provisioned: waiting for provision.json in ${o.watch.join(', ')} or a scan`,
  );
  files.look();

  let closed = false;
  return {
    url: `http://127.0.0.1:${page.port}/provision/#t=${token}`,
    port: page.port,
    state: store.get,
    onChange: store.onChange,
    done,
    stopListening: async () => page.stopListening(),
    handOff: (kioskUrl) => page.handOff(kioskUrl),
    async close() {
      if (closed) return;
      closed = true;
      stopWatching();
      await scanners.close();
      page.close();
    },
  };
}

/**
 * Writes what the provision file sets besides enrollment (CA, display rotation). With a new CA this
 * process cannot trust central: the settings and the enrollment code are left for the restarted host.
 */
function saveProvisionedSettings(dataDir: string, p: ProvisionFile): 'restart' | 'enroll' {
  const needsRestart = !!p.caCert && process.env.NODE_EXTRA_CA_CERTS !== join(dataDir, CA_FILE);
  if (p.caCert) {
    writePrivate(dataDir, CA_FILE, p.caCert.endsWith('\n') ? p.caCert : `${p.caCert}\n`);
    writePrivate(dataDir, HOST_ENV_FILE, `NODE_EXTRA_CA_CERTS=${join(dataDir, CA_FILE)}\n`);
  }
  writePrivate(dataDir, DISPLAY_FILE, `${JSON.stringify({ rotation: p.rotation })}\n`);
  if (!needsRestart) return 'enroll';
  const file = join(dataDir, 'kiosk.json');
  const pin = p.techPin ? { techPinHash: hashPin(p.techPin) } : {};
  saveConfig(file, mergeConfig(loadConfig(file), { centralUrl: p.central, ...pin }));
  writePrivate(dataDir, ENROLL_CODE_FILE, `${p.enrollCode}\n`);
  return 'restart';
}

/** Listens on every serial scanner given; a port that is not a scanner is opened and ignored. */
async function listenToScanners(
  scanners: ScannerDriver[],
  onText: (text: string) => Promise<void>,
): Promise<{ close(): Promise<void> }> {
  const onScan = ({ text }: { text: string }) => void onText(text);
  for (const s of scanners) {
    s.on('scan', onScan);
    s.on('error', () => undefined); // a port that is not a scanner: its errors are its status
    await s.open().catch(() => undefined);
  }
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      for (const s of scanners) {
        s.off('scan', onScan);
        await s.close().catch(() => undefined);
      }
    },
  };
}

/** The page's state, with listeners told of each change. */
function stateStore(initial: ProvisionState) {
  let state = initial;
  const listeners = new Set<(s: ProvisionState) => void>();
  return {
    get: () => state,
    set(next: ProvisionState) {
      state = next;
      for (const l of listeners) l(next);
    },
    onChange(listener: (s: ProvisionState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
