import type { Bilingual, Channel, Material } from '../../contract/catalog';
import { both, t } from '../../contract/i18n';
import { PROFILES, TicketBuilder, type PaperProfile } from './layout';

// Ready layouts for the paper a resident holds (domain.md): the queue ticket, the 一次性告知
// materials list and the 回执 case receipt, bilingual from contract/i18n, nothing personal on them.

export interface QueueTicketData {
  centre: Bilingual;
  station: Bilingual;
  number: string;
  service: Bilingual;
  channel: Channel;
  /** Tickets ahead at issue; null when not known (issued offline from a leased block). */
  waitingAhead: number | null;
  issuedAt: string | Date;
  /** Public status page, encoded in the QR code (ASCII only, hardware.md 2.3); none offline. */
  statusUrl?: string;
  /** A notice printed in bold above the footer (e.g. issued offline). */
  note?: string;
}

export interface MaterialsListData {
  service: Bilingual;
  materials: Material[];
  legalLimitDays: number;
  promisedLimitDays: number;
}

export type CaseOutcome = 'done' | 'to_window' | 'appointment' | 'more_materials';

export interface CaseReceiptData {
  centre: Bilingual;
  caseNumber: string;
  service: Bilingual;
  outcome: CaseOutcome;
  missing?: Material[];
  /** When the case was finished (办结时间). */
  at: string | Date;
  /** The station the resident was served at, and the agent who handled the case (经办人). */
  station?: Bilingual;
  agentName?: string;
  /** The case's phone page, encoded in the QR (where to check progress); none when not known. */
  statusUrl?: string;
}

export interface AppointmentSlipData {
  centre: Bilingual;
  station: Bilingual;
  service: Bilingual;
  startsAt: string;
  endsAt: string;
  checkInFrom: string;
  checkInTo: string;
  /** The appointment code, from the look-alike-free alphabet (contract/appointment-code.ts). */
  code: string;
}

const bi = (b: Bilingual) => `${b.zh} ${b.en}`;

const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The day in China with its weekday: "2026-03-05 周四 Thu". */
export function chinaDay(at: string | Date): string {
  const d = new Date(new Date(at).getTime() + 8 * 3600_000);
  const wd = d.getUTCDay();
  return `${d.toISOString().slice(0, 10)} ${WEEKDAY_ZH[wd]} ${WEEKDAY_EN[wd]}`;
}
const chinaClock = (at: string | Date) => chinaTime(at).slice(11);

/** Local time in China, YYYY-MM-DD HH:mm: tickets show the hall's clock whatever the kiosk's TZ. */
export function chinaTime(at: string | Date): string {
  const d = new Date(new Date(at).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export function queueTicket(d: QueueTicketData, profile: PaperProfile = PROFILES['80mm']): Buffer {
  const b = new TicketBuilder(profile);
  // The number as large as the printer prints (size 8: 24 mm high on 58 and 80 mm paper), the size
  // Qmatic-style tickets use; everything else in its two languages without breaking mid-phrase.
  b.text(d.centre.zh, { align: 'center', bold: true })
    .bi(d.station.zh, d.station.en, { align: 'center' })
    .bi(t('ticket.title', 'zh'), t('ticket.title', 'en'), { align: 'center' })
    .rule()
    .bi(t('ticket.number', 'zh'), t('ticket.number', 'en'), { align: 'center' })
    .text(d.number, { align: 'center', bold: true, size: b.largest(d.number) })
    .rule()
    .pair(t('ticket.service', 'zh'), d.service.zh)
    .text(d.service.en, { align: 'right' })
    .pair(t('ticket.channel', 'zh'), both(`channel.${d.channel}`));
  if (d.waitingAhead !== null) {
    const n = { n: d.waitingAhead };
    b.bi(t('ticket.ahead', 'zh', n), t('ticket.ahead', 'en', n), { bold: true });
  }
  b.pair(t('ticket.issuedAt', 'zh'), chinaTime(d.issuedAt));
  if (d.statusUrl) b.qr(d.statusUrl).bi(t('ticket.scan', 'zh'), t('ticket.scan', 'en'), { align: 'center' });
  if (d.note) b.rule().text(d.note, { bold: true });
  // A video ticket is served at the kiosk: the paper says to stay there, not to listen for a window.
  const listen = d.channel === 'video' ? t('kiosk.video.stay', 'zh') : t('ticket.listen', 'zh');
  return b
    .rule()
    .sentences(listen)
    .sentences(t('common.privacy', 'zh'))
    .sentences(t('common.privacy', 'en'))
    .cut()
    .bytes();
}

/** 预约单: what was booked, when (with the weekday), when to check in, and the code as text and QR.
 * The QR holds the code alone: it is read by the kiosk's scanner at check-in, not opened on a phone. */
export function appointmentSlip(d: AppointmentSlipData, profile: PaperProfile = PROFILES['80mm']): Buffer {
  const b = new TicketBuilder(profile);
  const grouped = d.code.length === 8 ? `${d.code.slice(0, 4)} ${d.code.slice(4)}` : d.code;
  const window = { from: chinaClock(d.checkInFrom), to: chinaClock(d.checkInTo) };
  b.text(d.centre.zh, { align: 'center', bold: true })
    .bi(d.station.zh, d.station.en, { align: 'center' })
    .bi(t('slip.title', 'zh'), t('slip.title', 'en'), { align: 'center', bold: true, size: 2 })
    .rule()
    .pair(t('slip.service', 'zh'), d.service.zh)
    .text(d.service.en, { align: 'right' })
    .pair(t('slip.date', 'zh'), chinaDay(d.startsAt))
    .pair(t('slip.time', 'zh'), `${chinaClock(d.startsAt)}-${chinaClock(d.endsAt)}`)
    .bi(t('slip.checkIn', 'zh', window), t('slip.checkIn', 'en', window), { bold: true })
    .rule()
    .bi(t('slip.code', 'zh'), t('slip.code', 'en'), { align: 'center' })
    .text(grouped, { align: 'center', bold: true, size: b.largest(grouped) >= 3 ? 3 : b.largest(grouped) })
    .qr(d.code)
    .sentences(t('slip.scan', 'zh'))
    .sentences(t('slip.scan', 'en'))
    .rule()
    .sentences(t('slip.bring', 'zh'))
    .sentences(t('slip.bring', 'en'))
    .sentences(t('common.privacy', 'zh'))
    .sentences(t('common.privacy', 'en'));
  return b.cut().bytes();
}

function materialLines(b: TicketBuilder, materials: Material[]): void {
  materials.forEach((m, i) => {
    const kind = m.original ? both('materials.original') : both('materials.photocopy');
    b.text(`${i + 1}. ${bi(m.name)}`, { bold: true });
    b.text(`   ${kind}, ${both('materials.copies', { n: m.copies })}`);
    if (m.note) b.text(`   ${bi(m.note)}`);
  });
}

export function materialsList(d: MaterialsListData, profile: PaperProfile = PROFILES['80mm']): Buffer {
  const b = new TicketBuilder(profile)
    .text(t('materials.title', 'zh'), { align: 'center', bold: true, size: 2 })
    .text(t('materials.title', 'en'), { align: 'center' })
    .text(bi(d.service), { align: 'center', bold: true })
    .rule();
  if (d.materials.length === 0) b.text(both('materials.none'));
  materialLines(b, d.materials);
  return b
    .rule()
    .text(t('materials.limits', 'zh', { legal: d.legalLimitDays, promised: d.promisedLimitDays }))
    .text(t('materials.limits', 'en', { legal: d.legalLimitDays, promised: d.promisedLimitDays }))
    .cut()
    .bytes();
}

export function caseReceipt(d: CaseReceiptData, profile: PaperProfile = PROFILES['80mm']): Buffer {
  const b = new TicketBuilder(profile)
    .text(d.centre.zh, { align: 'center', bold: true })
    .text(both('receipt.title'), { align: 'center', bold: true, size: 2 })
    .rule()
    .text(both('receipt.caseNumber'))
    .text(d.caseNumber, { bold: true, size: 2 })
    .pair(t('ticket.service', 'zh'), d.service.zh)
    .text(d.service.en, { align: 'right' })
    .pair(t('receipt.outcome', 'zh'), t(`outcome.${d.outcome}`, 'zh'))
    .text(t(`outcome.${d.outcome}`, 'en'), { align: 'right' })
    .pair(t('receipt.finishedAt', 'zh'), chinaTime(d.at))
    .text(t('receipt.finishedAt', 'en'), { align: 'right' });
  if (d.station) b.pair(t('receipt.station', 'zh'), d.station.zh).text(d.station.en, { align: 'right' });
  if (d.agentName) b.pair(t('receipt.agent', 'zh'), d.agentName);
  if (d.missing && d.missing.length > 0) {
    b.rule().text(both('receipt.missing'), { bold: true });
    materialLines(b, d.missing);
  }
  if (d.statusUrl) b.qr(d.statusUrl);
  const keep = d.statusUrl ? 'receipt.keep' : 'receipt.keepNoQr';
  return b.rule().sentences(t(keep, 'zh')).sentences(t(keep, 'en')).cut().bytes();
}

/** The technician's test ticket: Chinese text, sizes, a rule and a QR code. */
export function testTicket(
  profile: PaperProfile = PROFILES['80mm'],
  url = 'https://doorstep.example/t/TEST',
): Buffer {
  return new TicketBuilder(profile)
    .text(both('printer.testTitle'), { align: 'center', bold: true, size: 2 })
    .rule()
    .text(t('printer.testLine', 'zh'))
    .text(t('printer.testLine', 'en'))
    .pair(profile.width, chinaTime(new Date()))
    .text('A001', { align: 'center', size: 3, bold: true })
    .qr(url)
    .cut()
    .bytes();
}
