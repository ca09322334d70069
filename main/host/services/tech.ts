import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { kioskHost } from '../../../contract/i18n/kiosk-host';
import { format } from '../../../contract/i18n/types';
import type { KioskResponse, PrintOutcome } from '../../../contract/kiosk';
import { saveConfig, verifyPin } from '../config';
import { KioskHostError } from '../errors';
import { placeNames, type HostContext } from './context';

// Technician mode (host side): unlocked by the PIN set at provisioning (a hidden gesture in the UI
// leads here), for a few minutes; then device status, test print, auto-detect, link and clock skew,
// version, disk, outbox depth, log export, restart. Wrong PINs are rate limited.

const UNLOCK_MS = 10 * 60_000;
const MAX_TRIES = 5;
const LOCKOUT_MS = 5 * 60_000;

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
    const bi = (k: keyof typeof kioskHost, p: Record<string, string>) =>
      `${format(kioskHost[k].zh, p)} / ${format(kioskHost[k].en, p)}`;
    const online = this.ctx.central.status().online;
    const state = online ? kioskHost['host.link.online'] : kioskHost['host.link.offline'];
    return this.ctx.devices.print({
      kind: 'test',
      lines: [
        bi('host.testPrint.title', {}),
        bi('host.testPrint.station', { station: `${names.stationName.zh} ${names.stationName.en}` }),
        bi('host.testPrint.ports', { reader: ports.reader ?? '-', printer: ports.printer ?? '-' }),
        `${format(kioskHost['host.testPrint.link'].zh, { state: state.zh })} / ${format(kioskHost['host.testPrint.link'].en, { state: state.en })}`,
        `${this.ctx.version} ${new Date().toISOString()}`,
      ],
    });
  }

  /** Remembers the ports the devices use now (after auto-detect or port settings) in kiosk.json. */
  savePorts(): void {
    const { reader, printer } = this.ctx.devices.serialSettings();
    this.ctx.config.reader = reader;
    this.ctx.config.printer = printer;
    saveConfig(this.ctx.configFile, this.ctx.config);
    this.ctx.logger.log(
      'info',
      'tech',
      `ports saved: reader ${reader.path ?? '-'}, printer ${printer.path ?? '-'}`,
    );
  }

  exportLogs(): { path: string } {
    return { path: this.ctx.logger.exportTo(join(this.ctx.dataDir, 'exports')) };
  }
}

export function diskFreeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}
