import { both, t } from '../../../contract/i18n';
import { PROFILES, TicketBuilder } from '../../../native/printer/layout';
import { caseReceipt, chinaTime, materialsList, queueTicket } from '../../../native/printer/layouts';
import type { PrinterProfile } from '../config';
import type { PrintDocument } from './drivers';

// PrintDocument → ESC/POS bytes with native's layouts (queue ticket, 一次性告知 materials list, 回执
// receipt), bilingual and Chinese first. A ticket without a status page (issued offline from a lease)
// gets the same layout with the offline notice in place of the QR code.

export function layoutBytes(doc: PrintDocument, profile: PrinterProfile): Buffer {
  const paper = PROFILES[profile.paperWidth];
  switch (doc.kind) {
    case 'ticket': {
      const { ticket, item } = doc;
      if (ticket.statusUrl && profile.qr && !doc.note) {
        return queueTicket(
          {
            centre: doc.centreName,
            station: doc.stationName,
            number: ticket.number,
            service: item.name,
            channel: ticket.channel,
            waitingAhead: ticket.waitingAhead ?? 0,
            issuedAt: ticket.issuedAt,
            statusUrl: ticket.statusUrl,
          },
          paper,
        );
      }
      const b = new TicketBuilder(paper)
        .text(doc.centreName.zh, { align: 'center', bold: true })
        .text(`${doc.stationName.zh} ${doc.stationName.en}`, { align: 'center' })
        .text(both('ticket.title'), { align: 'center' })
        .rule()
        .text(both('ticket.number'), { align: 'center' })
        .text(ticket.number, { align: 'center', bold: true, size: 4 })
        .rule()
        .pair(t('ticket.service', 'zh'), item.name.zh)
        .text(item.name.en, { align: 'right' })
        .pair(t('ticket.channel', 'zh'), both(`channel.${ticket.channel}`));
      if (ticket.waitingAhead !== null)
        b.text(both('ticket.ahead', { n: ticket.waitingAhead }), { bold: true });
      b.pair(t('ticket.issuedAt', 'zh'), chinaTime(ticket.issuedAt));
      if (doc.note) b.rule().text(doc.note, { bold: true });
      return b
        .rule()
        .text(t('ticket.listen', 'zh'))
        .text(t('common.privacy', 'zh'))
        .text(t('common.privacy', 'en'))
        .cut()
        .bytes();
    }
    case 'materials':
      return materialsList(
        {
          service: doc.item.name,
          materials: doc.item.materials,
          legalLimitDays: doc.item.legalLimitDays,
          promisedLimitDays: doc.item.promisedLimitDays,
        },
        paper,
      );
    case 'receipt':
      return caseReceipt(
        {
          centre: doc.centre,
          caseNumber: doc.caseNumber,
          service: doc.service,
          outcome: doc.outcome,
          missing: doc.missing,
          at: doc.at,
        },
        paper,
      );
    case 'test': {
      const b = new TicketBuilder(paper);
      doc.lines.forEach((line, i) => b.text(line, i === 0 ? { align: 'center', bold: true, size: 2 } : {}));
      return b.rule().text('A001', { align: 'center', size: 3, bold: true }).cut().bytes();
    }
  }
}

/** The printer job id of a document: a ticket's is stable, so asking again is a reprint (补打). */
export function jobIdOf(doc: PrintDocument): string | undefined {
  return doc.kind === 'ticket' ? `ticket-${doc.ticket.id}` : undefined;
}
