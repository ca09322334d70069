import { existsSync, readFileSync, realpathSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QrScanner } from '../../../native/scanner/scanner';
import type { TerminatorSpec } from '../../../native/scanner/line-decoder';
import { loadConfig } from '../config';
import type { ScannerDriver } from '../devices/drivers';
import { ENROLL_CODE_FILE } from '../host';
import { createLogger } from '../log';
import { enrollWithHost } from './enroll';
import { startFirstBoot, type FirstBoot } from './first-boot';
import { isEnrolled, PROVISIONED_FILE } from './state-files';

// The host command's first-boot step (cli.ts --first-boot): nothing to do on a kiosk that is enrolled
// (a second boot never enrolls again) or has a code waiting for it; otherwise the "not provisioned" page
// until it is.

export interface FirstBootRun {
  /** Restart the host (a CA certificate to trust): the unit restarts it on exit 75. */
  restart: boolean;
  /** The page, still holding the screen's pending request for the hand-off to the kiosk page. */
  page?: FirstBoot;
}

/** Serial ports a fresh kiosk's scanner may be on: its setting, else every USB serial port present. */
function scannerPorts(configured: string | null): string[] {
  if (configured) return [configured];
  const list = (dir: string, re: RegExp) => {
    try {
      return readdirSync(dir)
        .filter((n) => re.test(n))
        .map((n) => join(dir, n));
    } catch {
      return [];
    }
  };
  const all = [...list('/dev/doorstep', /^serial-/), ...list('/dev', /^tty(ACM|USB)\d+$/)];
  const seen = new Set<string>();
  return all.filter((p) => {
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      return false;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

export async function runFirstBoot(o: {
  dataDir: string;
  port: number;
  watch: string[];
  urlFile?: string;
  onPageSeen?: () => void;
}): Promise<FirstBootRun | null> {
  if (isEnrolled(o.dataDir)) {
    // Enrolled another way (doorstep-kiosk provision): USB sticks are no longer mounted either.
    if (!existsSync(join(o.dataDir, PROVISIONED_FILE)))
      writeFileSync(
        join(o.dataDir, PROVISIONED_FILE),
        `${JSON.stringify({ at: new Date().toISOString() })}\n`,
        {
          mode: 0o600,
        },
      );
    return null;
  }
  if (existsSync(join(o.dataDir, ENROLL_CODE_FILE))) return null;
  const logger = createLogger({ dir: join(o.dataDir, 'logs') });
  const config = loadConfig(join(o.dataDir, 'kiosk.json'));
  const sc = config.scanner;
  const scanners: ScannerDriver[] = scannerPorts(sc.path).map(
    (path) =>
      new QrScanner({
        path,
        baudRate: sc.baudRate,
        terminator: sc.terminator as TerminatorSpec,
        prefix: sc.prefix,
        suffix: sc.suffix,
        encoding: sc.encoding,
        maxBytes: sc.maxBytes,
        waitForDevice: true,
      }),
  );
  const page = await startFirstBoot({
    dataDir: o.dataDir,
    port: o.port,
    watch: o.watch,
    scanners,
    enroll: enrollWithHost(o.dataDir),
    log: logger.log,
    onPageSeen: o.onPageSeen,
  });
  process.stdout.write(`kiosk: not provisioned: ${page.url.split('#')[0]}\n`);
  // The display session takes the page's address from the URL file, as it takes the kiosk page's.
  let timer: NodeJS.Timeout | undefined;
  if (o.urlFile) {
    const file = o.urlFile;
    const write = () => {
      if (!existsSync(file)) writeFileSync(file, `${page.url}\n`, { mode: 0o600 });
    };
    write();
    timer = setInterval(write, 1000);
  }
  const outcome = await page.done;
  if (timer) clearInterval(timer);
  // The file must not offer the provisioning page once the kiosk page is up.
  if (o.urlFile && existsSync(o.urlFile) && readFileSync(o.urlFile, 'utf8').trim() === page.url)
    rmSync(o.urlFile, { force: true });
  if (outcome.restart) {
    await page.close();
    return { restart: true };
  }
  await page.stopListening();
  return { restart: false, page };
}
