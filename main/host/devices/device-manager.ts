import { EventEmitter } from 'node:events';
import type { PrinterStatus } from '../../../contract/device';
import type { DeviceProblemCode } from '../../../contract/device-problems';
import type { IdCardRecord } from '../../../contract/idcard';
import type { KioskDeviceStatus, MediaCheck, PrintOutcome } from '../../../contract/kiosk';
import type { HostConfig, ScannerSettings } from '../config';
import type { Log } from '../log';
import { printerStateOf, readerStateOf } from './status-map';
import type { DriverFactory, PrintDocument, PrinterDriver, ReaderDriver, ScannerDriver } from './drivers';

// The kiosk's devices: opens the configured (or auto-detected) reader and printer and the configured
// serial QR scanner, keeps their status current (printer polled with DLE EOT while idle), and prints.
// The status is always known: a device that is missing says `no_device`, never stays silent.

export class DeviceManager extends EventEmitter<{
  card: [IdCardRecord];
  removed: [];
  /** A code read by the serial QR scanner. */
  scan: [string];
  status: [KioskDeviceStatus];
}> {
  private reader: ReaderDriver | undefined;
  private printer: PrinterDriver | undefined;
  private scanner: ScannerDriver | undefined;
  private scannerView: NonNullable<KioskDeviceStatus['scanner']> = { state: 'off', port: null };
  private readonly media = new Map<MediaCheck['kind'], MediaCheck>();
  /** A technician's test read waiting for the next card (tech.testCard). */
  private claim: ((rec: IdCardRecord | null) => void) | undefined;
  /** The card on the reader is a technician's test card: its removal ends no session. */
  private testCardOn = false;
  /** The card on the reader now (read when placed), for a test read started with a card already on. */
  private present: IdCardRecord | null = null;
  /** Every port a device was opened on since start (offered again in the port settings). */
  private readonly usedPorts = new Set<string>();
  private readerPath: string | null = null;
  private printerPath: string | null = null;
  private readerView: KioskDeviceStatus['reader'] = { state: 'unknown', port: null };
  private printerView: KioskDeviceStatus['printer'] = { state: 'unknown', port: null };
  private lastPrinter: PrinterStatus | undefined;
  private poll: NodeJS.Timeout | undefined;
  private printing = false;
  private last = '';

  constructor(
    private config: HostConfig,
    private readonly drivers: DriverFactory,
    private readonly log: Log,
  ) {
    super();
  }

  async start(): Promise<void> {
    let { reader, printer } = this.config;
    if (!reader.path || !printer.path) {
      const found = await this.drivers.detect().catch((err: unknown) => {
        this.log('warn', 'devices', `auto-detect failed: ${(err as Error).message}`);
        return { reader: null, printer: null };
      });
      if (!reader.path && found.reader) reader = { ...reader, ...found.reader };
      if (!printer.path && found.printer) printer = { ...printer, ...found.printer };
    }
    await this.openReader(reader.path, reader.baudRate);
    await this.openPrinter(printer.path, printer.baudRate);
    await this.openScanner(this.config.scanner);
    this.poll = setInterval(() => void this.refreshPrinter(), this.config.printer.profile.statusPollMs);
    this.poll.unref();
  }

  private async openReader(path: string | null, baud: number): Promise<void> {
    this.readerPath = path;
    if (!path) {
      this.setReader({ state: 'no_device', port: null, detail: 'no ID card reader configured or detected' });
      return;
    }
    this.usedPorts.add(path);
    const r = this.drivers.reader(path, baud);
    this.reader = r;
    r.on('card', (rec) => {
      this.present = rec;
      const claim = this.claim;
      if (!claim) return void this.emit('card', rec);
      this.claim = undefined;
      this.testCardOn = true;
      claim(rec);
    });
    r.on('removed', () => {
      this.present = null;
      if (this.testCardOn) this.testCardOn = false;
      else this.emit('removed');
    });
    r.on('status', (s) =>
      this.setReader({ state: readerStateOf(s.state, s.error), port: path, detail: s.detail }),
    );
    try {
      await r.open();
      this.setReader({ state: readerStateOf(r.state), port: path });
      this.log('info', 'devices', `ID card reader on ${path} at ${baud} baud`);
    } catch (err) {
      const e = err as { code?: string; message: string };
      this.setReader({ state: readerStateOf('fault', e.code), port: path, detail: e.message });
      this.log('warn', 'devices', `ID card reader on ${path}: ${e.message}`);
    }
  }

  private async openPrinter(path: string | null, baud: number): Promise<void> {
    this.printerPath = path;
    if (!path) {
      this.setPrinter({ state: 'no_device', port: null, detail: 'no ticket printer configured or detected' });
      return;
    }
    this.usedPorts.add(path);
    const p = this.drivers.printer(path, baud, this.config.printer.profile);
    this.printer = p;
    try {
      await p.open();
      this.log('info', 'devices', `ticket printer on ${path} at ${baud} baud`);
    } catch (err) {
      this.log('warn', 'devices', `ticket printer on ${path}: ${(err as Error).message}`);
    }
    await this.refreshPrinter();
  }

  private async openScanner(settings: ScannerSettings): Promise<void> {
    const path = settings.path;
    if (!path) {
      this.setScanner({ state: 'off', port: null });
      return;
    }
    if (!this.drivers.scanner) {
      this.setScanner({ state: 'error', port: path, detail: 'no serial scanner driver' });
      return;
    }
    this.usedPorts.add(path);
    const sc = this.drivers.scanner({ ...settings, path });
    this.scanner = sc;
    sc.on('scan', ({ text }) => this.emit('scan', text));
    sc.on('status', (st) =>
      this.setScanner({ state: readerStateOf(st.state, st.error), port: path, detail: st.detail }),
    );
    try {
      await sc.open();
      await settled(sc);
      if (sc.state === 'ready') this.setScanner({ state: 'ok', port: path });
      this.log('info', 'devices', `QR scanner on ${path} at ${settings.baudRate} baud`);
    } catch (err) {
      const e = err as { code?: string; message: string };
      this.setScanner({ state: readerStateOf('fault', e.code), port: path, detail: e.message });
      this.log('warn', 'devices', `QR scanner on ${path}: ${e.message}`);
    }
  }

  /**
   * The technician's test read: the next card placed within `timeoutMs` (null when none was), handed
   * over here instead of starting a resident session; its removal ends no session either.
   */
  claimNextCard(timeoutMs: number): Promise<IdCardRecord | null> {
    this.claim?.(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.claim === done) this.claim = undefined;
        resolve(null);
      }, timeoutMs);
      const done = (rec: IdCardRecord | null) => {
        clearTimeout(timer);
        resolve(rec);
      };
      this.claim = done;
    });
  }

  /** The card lying on the reader now, or null (technician mode's test read with a card already on). */
  presentCard(): IdCardRecord | null {
    return this.present;
  }

  /** Ends a waiting test read (technician mode locked or left): the next card is a resident's again. */
  cancelCardClaim(): void {
    const claim = this.claim;
    this.claim = undefined;
    claim?.(null);
  }

  /** Asks the printer for its status now; a failure to answer is itself a status. */
  async refreshPrinter(): Promise<PrinterStatus | undefined> {
    const p = this.printer;
    if (!p || this.printing) return this.lastPrinter;
    try {
      const s = await p.status();
      this.lastPrinter = s;
      this.setPrinter({ state: printerStateOf(s), port: this.printerPath });
      return s;
    } catch (err) {
      const e = err as { code?: string; message: string };
      this.lastPrinter = undefined;
      this.setPrinter({
        // A write-only USB printer (issue 17) cannot say: unknown, not offline.
        state:
          e.code === 'DEVICE_NOT_FOUND'
            ? 'no_device'
            : e.code === 'PRINT_UNCONFIRMED'
              ? 'unknown'
              : 'offline',
        port: this.printerPath,
        detail: e.message,
      });
      return undefined;
    }
  }

  /**
   * Whether a ticket can be printed now, asked of the printer itself (not a cached poll), so the kiosk
   * knows before issuing. Returns the blocking device code, or null when printing can start.
   */
  async printerProblem(): Promise<DeviceProblemCode | null> {
    if (!this.printer) return 'DEVICE_NOT_FOUND';
    const s = await this.refreshPrinter();
    if (!s) return this.printerView.state === 'no_device' ? 'DEVICE_NOT_FOUND' : 'DEVICE_OFFLINE';
    return s.ready ? null : (s.problem ?? 'DEVICE_PRINTER_ERROR');
  }

  async print(doc: PrintDocument): Promise<PrintOutcome> {
    const p = this.printer;
    if (!p) return { printed: false, reason: 'DEVICE_NOT_FOUND' };
    this.printing = true;
    try {
      const r = await p.print(doc);
      if (!r.printed) this.log('warn', 'devices', `print ${doc.kind} failed: ${r.reason} (${r.detail})`);
      return r.printed ? { printed: true, reason: null } : { printed: false, reason: r.reason };
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'DEVICE_PRINTER_ERROR';
      this.log('warn', 'devices', `print ${doc.kind} failed: ${(err as Error).message}`);
      return { printed: false, reason: code };
    } finally {
      this.printing = false;
      void this.refreshPrinter();
    }
  }

  status(): KioskDeviceStatus {
    const canPrint = this.printerView.state === 'ok' || this.printerView.state === 'paper_near_end';
    const media = [...this.media.values()];
    return {
      reader: this.readerView,
      printer: this.printerView,
      canPrint,
      scanner: this.scannerView,
      ...(media.length > 0 ? { media } : {}),
    };
  }

  /** A technician's media test result (the screen ran it): kept, shown live and sent with the heartbeat. */
  setMediaCheck(check: MediaCheck): void {
    this.media.set(check.kind, check);
    this.log(
      check.ok ? 'info' : 'warn',
      'devices',
      `technician test ${check.kind}: ${check.ok ? 'ok' : 'FAILED'} (${check.detail})`,
    );
    this.emit('status', this.status());
  }

  ports(): { reader: string | null; printer: string | null; scanner: string | null } {
    return { reader: this.readerPath, printer: this.printerPath, scanner: this.config.scanner.path };
  }

  /**
   * Serial ports to offer in the technician's port settings: those in use first, then the ones used
   * earlier since start (a device switched off can be switched back), then the machine's.
   */
  async candidatePorts(): Promise<string[]> {
    const listed = await (this.drivers.listPorts?.() ?? Promise.resolve([])).catch(() => [] as string[]);
    const inUse = [this.readerPath, this.printerPath, this.config.scanner.path];
    return [...new Set([...inUse.filter((p): p is string => p !== null), ...this.usedPorts, ...listed])];
  }

  /** Auto-detect (technician): probes the serial ports with our own ports released first. */
  async detect(): Promise<{ reader: string | null; printer: string | null }> {
    const known = [this.readerPath, this.printerPath].filter((p): p is string => p !== null);
    await this.stopDrivers();
    const found = await this.drivers.detect(known);
    this.config = {
      ...this.config,
      reader: found.reader ? { ...this.config.reader, ...found.reader } : this.config.reader,
      printer: found.printer ? { ...this.config.printer, ...found.printer } : this.config.printer,
    };
    await this.openReader(this.config.reader.path, this.config.reader.baudRate);
    await this.openPrinter(this.config.printer.path, this.config.printer.baudRate);
    return { reader: found.reader?.path ?? null, printer: found.printer?.path ?? null };
  }

  /** Reopens the given devices on new ports (technician port settings). */
  async setPorts(change: {
    reader?: { path: string; baudRate: number };
    printer?: { path: string; baudRate: number };
    /** null: no serial scanner. */
    scanner?: { path: string; baudRate: number } | null;
    printerProfile?: Partial<HostConfig['printer']['profile']>;
  }): Promise<void> {
    if (change.reader) {
      const r = this.reader;
      this.reader = undefined;
      r?.removeAllListeners();
      this.testCardOn = false;
      await r?.close().catch(() => undefined);
      this.config = { ...this.config, reader: { ...this.config.reader, ...change.reader } };
      await this.openReader(change.reader.path, change.reader.baudRate);
      if (this.reader) await settled(this.reader); // the technician sees the outcome, not "connecting"
    }
    if (change.printer || change.printerProfile) {
      // The profile (paper width, QR) is the printer driver's layout, so it reopens too.
      const p = this.printer;
      this.printer = undefined;
      await p?.close().catch(() => undefined);
      const profile = { ...this.config.printer.profile, ...change.printerProfile };
      this.config = { ...this.config, printer: { ...this.config.printer, ...change.printer, profile } };
      await this.openPrinter(this.config.printer.path, this.config.printer.baudRate);
    }
    if (change.scanner !== undefined) {
      const sc = this.scanner;
      this.scanner = undefined;
      sc?.removeAllListeners();
      await sc?.close().catch(() => undefined);
      const next = change.scanner ?? { path: null };
      this.config = { ...this.config, scanner: { ...this.config.scanner, ...next } };
      await this.openScanner(this.config.scanner);
    }
  }

  /** The serial settings in use (to save in kiosk.json). */
  serialSettings(): Pick<HostConfig, 'reader' | 'printer' | 'scanner'> {
    return { reader: this.config.reader, printer: this.config.printer, scanner: this.config.scanner };
  }

  private setReader(v: KioskDeviceStatus['reader']): void {
    this.readerView = v;
    this.changed();
  }

  private setPrinter(v: KioskDeviceStatus['printer']): void {
    const f = this.printer?.found?.();
    this.printerView = f
      ? {
          ...v,
          found: f.words.slice(0, 400),
          profile: f.profile,
          ...(f.capabilities ? { capabilities: f.capabilities } : {}),
        }
      : v;
    this.changed();
  }

  private setScanner(v: NonNullable<KioskDeviceStatus['scanner']>): void {
    this.scannerView = v;
    this.changed();
  }

  private changed(): void {
    const s = this.status();
    const sc = this.scannerView;
    const key = `${s.reader.state}|${s.reader.port}|${s.printer.state}|${s.printer.port}|${sc.state}|${sc.port}`;
    if (key === this.last) return;
    this.last = key;
    this.log('info', 'devices', `reader ${s.reader.state}, printer ${s.printer.state}, scanner ${sc.state}`);
    this.emit('status', s);
  }

  private async stopDrivers(): Promise<void> {
    const r = this.reader;
    const p = this.printer;
    this.reader = undefined;
    this.printer = undefined;
    r?.removeAllListeners();
    this.testCardOn = false;
    await Promise.allSettled([r?.close(), p?.close()]);
  }

  async close(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.claim?.(null);
    const sc = this.scanner;
    this.scanner = undefined;
    sc?.removeAllListeners();
    await Promise.allSettled([this.stopDrivers(), sc?.close()]);
  }
}

/**
 * Waits (up to `ms`) until a driver that opens in the background has tried once: so a technician who
 * just chose a port is told whether the device is there, not that it is still connecting.
 */
function settled(
  d: {
    readonly state: string;
    on(e: 'status', l: () => void): unknown;
    off(e: 'status', l: () => void): unknown;
  },
  ms = 2500,
): Promise<void> {
  const trying = () => d.state === 'connecting' || d.state === 'closed';
  if (!trying()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      d.off('status', check);
      resolve();
    };
    const check = () => {
      if (!trying()) done();
    };
    const timer = setTimeout(done, ms);
    d.on('status', check);
  });
}
