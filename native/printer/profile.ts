import type { PaperWidth, PrinterCapabilities, PrinterProfileSpec } from '../../contract/device';
import { PROFILES, type PaperProfile } from './layout';

// Printer profiles (issue 17): per printer family, the code page, how a QR code is drawn, the cut
// command, the paper width and the print speed. Chosen from what the printer tells (GS I maker and
// model) where it tells, else the default, which a technician overrides in technician mode; the host
// keeps the result per kiosk (kiosk.json). The layouts read it as a PaperProfile (layout.ts).

export type ProfileFields = Omit<PrinterProfileSpec, 'source'>;

/** The families of docs/devices.md's matrix. Speeds are deliberately at the low end of each class. */
export const FAMILIES: Record<string, ProfileFields> = {
  'gb18030-80': {
    family: 'gb18030-80',
    paperWidth: '80mm',
    codePage: 'gb18030',
    qrMode: 'gs_k',
    cut: 'gs_v_66',
    speedMmPerSec: 200,
  },
  'gbk-80': {
    family: 'gbk-80',
    paperWidth: '80mm',
    codePage: 'gbk',
    qrMode: 'gs_k',
    cut: 'gs_v_66',
    speedMmPerSec: 150,
  },
  'gbk-raster-58': {
    family: 'gbk-raster-58',
    paperWidth: '58mm',
    codePage: 'gbk',
    qrMode: 'raster',
    cut: 'gs_v_0',
    speedMmPerSec: 90,
  },
  'gb2312-raster-58': {
    family: 'gb2312-raster-58',
    paperWidth: '58mm',
    codePage: 'gb2312',
    qrMode: 'raster',
    cut: 'gs_v_1',
    speedMmPerSec: 70,
  },
};

export const DEFAULT_FAMILY = 'gb18030-80';

/**
 * GS I 66 (maker) answers mapped to a family. A first guess only, checked by the technician's test
 * ticket (docs/devices.md): vendors ship several firmwares under one name.
 */
const BY_MAKER: Array<[RegExp, string]> = [
  [/epson/i, 'gb18030-80'],
  [/snbc|新北洋/i, 'gb18030-80'],
  [/gprinter|佳博/i, 'gbk-80'],
  [/xprinter|芯烨/i, 'gbk-raster-58'],
];

/** The profile for what the printer answered, with the technician's choice (if any) on top. */
export function chooseProfile(
  caps: PrinterCapabilities | undefined,
  technician?: Partial<ProfileFields>,
): PrinterProfileSpec {
  const byMaker = caps?.maker ? BY_MAKER.find(([re]) => re.test(caps.maker!))?.[1] : undefined;
  const family = technician?.family && FAMILIES[technician.family] ? technician.family : byMaker;
  const base = FAMILIES[family ?? DEFAULT_FAMILY]!;
  const own = definedOnly(technician ?? {});
  if (own.family !== undefined && !FAMILIES[own.family]) delete own.family; // unknown name: not a choice
  const chosen = { ...base, ...own };
  // A field that only repeats the family's value is not a choice.
  const changed = Object.entries(own).some(([k, v]) => base[k as keyof ProfileFields] !== v);
  const source = changed || own.family ? 'technician' : byMaker ? 'detected' : 'default';
  return { ...chosen, source };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What the layouts read: paper geometry plus the profile's code page, QR mode and cut. */
export type LayoutProfile = PaperProfile & Pick<PrinterProfileSpec, 'codePage' | 'qrMode' | 'cut'>;

export function layoutProfile(
  p: Pick<PrinterProfileSpec, 'paperWidth' | 'codePage' | 'qrMode' | 'cut'>,
): LayoutProfile {
  return { ...PROFILES[p.paperWidth as PaperWidth], codePage: p.codePage, qrMode: p.qrMode, cut: p.cut };
}

/** The capabilities and profile in words, for `npm run device -- detect` and technician mode. */
export function describeCapabilities(c: PrinterCapabilities): string {
  const parts = [
    c.transport === 'usblp' ? 'USB printer class' : 'serial',
    c.bidirectional ? 'two-way' : 'WRITE-ONLY (no status: prints are unconfirmed)',
  ];
  if (c.bidirectional) {
    parts.push(c.realtime.length ? `DLE EOT ${c.realtime.join(',')}` : 'no DLE EOT');
    parts.push(c.transmitStatus ? 'GS r 1' : 'no GS r 1');
    parts.push(c.asb ? 'ASB' : 'no ASB');
  }
  if (c.maker || c.model) parts.push(`${c.maker ?? '?'} ${c.model ?? ''}`.trim());
  const end =
    c.completion === 'transmit_status'
      ? 'end of job by GS r 1'
      : c.completion === 'realtime_poll'
        ? 'end of job by DLE EOT after the computed print time'
        : 'end of job cannot be confirmed';
  return `${parts.join(', ')}; ${end}`;
}

export function describeProfile(p: PrinterProfileSpec): string {
  const qr = p.qrMode === 'gs_k' ? 'QR by GS ( k' : 'QR as raster image';
  const src = { detected: 'from the printer', default: 'default', technician: 'set by technician' }[p.source];
  return `${p.family} (${src}): ${p.paperWidth}, ${p.codePage.toUpperCase()}, ${qr}, cut ${p.cut.replace(/_/g, ' ').toUpperCase()}, ${p.speedMmPerSec} mm/s`;
}
