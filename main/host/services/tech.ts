import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { kioskHost } from '../../../contract/i18n/kiosk-host';
import { format } from '../../../contract/i18n/types';
import { maskIdNumber, maskName } from '../../../contract/gb11643';
import type { KioskResponse, PrintOutcome, TechCardRead } from '../../../contract/kiosk';
import { saveConfig, verifyPin } from '../config';
import { KioskHostError } from '../errors';
import { placeNames, type HostContext } from './context';
import { currentStick } from './usb';

// Technician mode (host side): unlocked by the PIN set at provisioning (a hidden gesture in the UI
// leads here), for a few minutes; then device status, test print, test card read, auto-detect and port
// settings, link and clock skew, version, disk, outbox depth, log export, restart. Wrong PINs are rate
// limited.

const UNLOCK_MS = 10 * 60_000;
const MAX_TRIES = 5;
const LOCKOUT_MS = 5 * 60_000;
const BAUDS = [9600, 19200, 38400, 57600, 115200];

export class TechMode {
  private unlockedUntil = 0;
  private failures = 0;
  private lockedUntil = 0;

  constructor(private readonly ctx: HostContext) {}

  unlock(pin: string): { ok: boolean } {
    const now = Date.now();
    if (now < this.lockedUntil) throw new KioskHostError('RATE_LIMITED', 'too many wrong PINs');
    if (verifyPin(pin, this.ctx.config.techPinHash)) {
      this.failures = 0;
      this.unlockedUntil = now + UNLOCK_MS;
      // A resident's session open under the technician (a card left on the reader) ends here: its
      // identity must not be on hand while the technician works.
      if (this.ctx.session.identity) this.ctx.session.end('technician mode');
      this.ctx.logger.log('info', 'tech', 'technician mode unlocked');
      return { ok: true };
    }
    if (++this.failures >= MAX_TRIES) {
      this.failures = 0;
      this.lockedUntil = now + LOCKOUT_MS;
    }
    this.ctx.logger.log('warn', 'tech', 'wrong technician PIN');
    return { ok: false };
  }

  lock(): void {
    this.unlockedUntil = 0;
    this.ctx.devices.cancelCardClaim();
  }

  /** In technician mode now: no card starts a resident session (host.ts). */
  unlocked(): boolean {
    return Date.now() < this.unlockedUntil;
  }

  /** Throws FORBIDDEN unless unlocked. */
  require(): void {
    if (Date.now() >= this.unlockedUntil) throw new KioskHostError('FORBIDDEN', 'technician mode is locked');
  }

  info(): KioskResponse<'tech.info'> {
    return {
      version: this.ctx.version,
      devices: this.ctx.devices.status(),
      link: this.ctx.central.status(),
      diskFreeBytes: diskFreeBytes(this.ctx.dataDir),
      centralUrl: this.ctx.config.centralUrl,
      stationId: this.ctx.store.station.get()?.stationId ?? null,
    };
  }

  async testPrint(): Promise<PrintOutcome> {
    const problem = await this.ctx.devices.printerProblem();
    if (problem) return { printed: false, reason: problem };
    const names = placeNames(this.ctx);
    const ports = this.ctx.devices.ports();
    /** One line, Chinese then English, each with its own language's values (the station once each). */
    const bi = (k: keyof typeof kioskHost, zh: Record<string, string>, en: Record<string, string> = zh) =>
      `${format(kioskHost[k].zh, zh)} / ${format(kioskHost[k].en, en)}`;
    const online = this.ctx.central.status().online;
    const state = online ? kioskHost['host.link.online'] : kioskHost['host.link.offline'];
    return this.ctx.devices.print({
      kind: 'test',
      lines: [
        bi('host.testPrint.title', {}),
        bi('host.testPrint.station', { station: names.stationName.zh }, { station: names.stationName.en }),
        bi('host.testPrint.ports', { reader: ports.reader ?? '-', printer: ports.printer ?? '-' }),
        bi('host.testPrint.link', { state: state.zh }, { state: state.en }),
        // Shanghai wall-clock time, as the technician's watch shows it (not UTC).
        `${this.ctx.version} ${shanghaiClock(new Date())} (UTC+8)`,
      ],
      qr: `doorstep-test:${this.ctx.store.station.get()?.stationId ?? 'unenrolled'}`,
    });
  }

  /**
   * Test card read: the card on the reader now, or else the next card placed (up to `timeoutMs`),
   * answered with the name and number masked. The card starts no resident session.
   */
  async testCard(timeoutMs: number): Promise<{ card: TechCardRead | null }> {
    const reader = this.ctx.devices.status().reader;
    if (reader.state === 'no_device') throw new KioskHostError('DEVICE_NOT_FOUND', 'no ID card reader');
    const rec = this.ctx.devices.presentCard() ?? (await this.ctx.devices.claimNextCard(timeoutMs));
    if (!rec) {
      this.ctx.logger.log('info', 'tech', `test card read: no card within ${Math.round(timeoutMs / 1000)} s`);
      return { card: null };
    }
    const card = {
      cardType: rec.cardType,
      nameMasked: maskName(rec.name),
      idMasked: maskIdNumber(rec.idNumber),
      expired: rec.expired,
    };
    this.ctx.logger.log('info', 'tech', `test card read: ${card.cardType} ${card.idMasked}`);
    return { card };
  }

  /** The port settings form's choices and the settings in use. */
  async ports(): Promise<KioskResponse<'tech.ports'>> {
    const { reader, printer, scanner } = this.ctx.devices.serialSettings();
    const setting = (s: { path: string | null; baudRate: number }) =>
      s.path ? { path: s.path, baudRate: s.baudRate } : null;
    const current = [reader.baudRate, printer.baudRate, scanner.baudRate];
    return {
      candidates: await this.ctx.devices.candidatePorts(),
      bauds: [...new Set([...BAUDS, ...current])].sort((a, b) => a - b),
      current: {
        reader: setting(reader),
        printer: setting(printer),
        scanner: setting(scanner),
        paperWidth: printer.profile.paperWidth,
        qr: printer.profile.qr,
      },
    };
  }

  /** Remembers the ports the devices use now (after auto-detect or port settings) in kiosk.json. */
  savePorts(): void {
    const { reader, printer, scanner } = this.ctx.devices.serialSettings();
    this.ctx.config.reader = reader;
    this.ctx.config.printer = printer;
    this.ctx.config.scanner = scanner;
    saveConfig(this.ctx.configFile, this.ctx.config);
    this.ctx.logger.log(
      'info',
      'tech',
      `ports saved: reader ${reader.path ?? '-'}, printer ${printer.path ?? '-'} (${printer.profile.paperWidth}), ` +
        `scanner ${scanner.path ?? '-'}`,
    );
  }

  /**
   * The log (ID numbers already masked when written) onto the USB stick plugged in, in a folder
   * doorstep-logs; without a stick, into the data folder's exports (for a remote technician).
   */
  exportLogs(): { path: string; usb: boolean } {
    const stick = currentStick();
    if (stick) {
      try {
        const path = this.ctx.logger.exportTo(join(stick, 'doorstep-logs'));
        this.ctx.logger.log('info', 'tech', `log exported to the USB stick at ${stick}`);
        return { path, usb: true };
      } catch (err) {
        // A full or write-protected stick: say so rather than leave the log on the kiosk unasked.
        throw new KioskHostError(
          'USB_WRITE_FAILED',
          `could not write to the USB stick at ${stick}: ${(err as Error).message}`,
        );
      }
    }
    return { path: this.ctx.logger.exportTo(join(this.ctx.dataDir, 'exports')), usb: false };
  }
}

/** "2026-12-06 15:04:05" in Asia/Shanghai. */
export function shanghaiClock(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export function diskFreeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}
