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
  at: string | Date;
  statusUrl?: string;
}

const bi = (b: Bilingual) => `${b.zh} ${b.en}`;

/** Local time in China, YYYY-MM-DD HH:mm: tickets show the hall's clock whatever the kiosk's TZ. */
export function chinaTime(at: string | Date): string {
  const d = new Date(new Date(at).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export function queueTicket(d: QueueTicketData, profile: PaperProfile = PROFILES['80mm']): Buffer {
  const b = new TicketBuilder(profile)
    .text(d.centre.zh, { align: 'center', bold: true })
    .text(`${d.station.zh} ${d.station.en}`, { align: 'center' })
    .text(both('ticket.title'), { align: 'center' })
    .rule()
    .text(both('ticket.number'), { align: 'center' })
    .text(d.number, { align: 'center', bold: true, size: 4 })
    .rule()
    .pair(t('ticket.service', 'zh'), d.service.zh)
    .text(d.service.en, { align: 'right' })
    .pair(t('ticket.channel', 'zh'), both(`channel.${d.channel}`));
  if (d.waitingAhead !== null) b.text(both('ticket.ahead', { n: d.waitingAhead }), { bold: true });
  b.pair(t('ticket.issuedAt', 'zh'), chinaTime(d.issuedAt));
  if (d.statusUrl) b.qr(d.statusUrl).text(both('ticket.scan'), { align: 'center' });
  if (d.note) b.rule().text(d.note, { bold: true });
  return b
    .rule()
    .text(t('ticket.listen', 'zh'))
    .text(t('common.privacy', 'zh'))
    .text(t('common.privacy', 'en'))
    .cut()
    .bytes();
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
    .pair(t('ticket.issuedAt', 'zh'), chinaTime(d.at));
  if (d.missing && d.missing.length > 0) {
    b.rule().text(both('receipt.missing'), { bold: true });
    materialLines(b, d.missing);
  }
  if (d.statusUrl) b.qr(d.statusUrl);
  return b.rule().text(t('receipt.keep', 'zh')).text(t('receipt.keep', 'en')).cut().bytes();
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
