import { PROFILES, TicketBuilder, type PaperProfile } from '../../../native/printer/layout';
import { appointmentSlip, caseReceipt, materialsList, queueTicket } from '../../../native/printer/layouts';
import type { PrinterProfile } from '../config';
import type { PrintDocument } from './drivers';

// PrintDocument → ESC/POS bytes with native's layouts (queue ticket, 一次性告知 materials list, 回执
// receipt), bilingual and Chinese first. A ticket without a status page (issued offline from a lease)
// gets the same layout with the offline notice in place of the QR code.

export function layoutBytes(
  doc: PrintDocument,
  profile: PrinterProfile,
  /** The driver's profile (issue 17: code page, QR mode, cut), when it has one. */
  printer?: PaperProfile,
): Buffer {
  const paper = printer ?? PROFILES[profile.paperWidth];
  switch (doc.kind) {
    case 'ticket': {
      const { ticket, item } = doc;
      return queueTicket(
        {
          centre: doc.centreName,
          station: doc.stationName,
          number: ticket.number,
          service: item.name,
          channel: ticket.channel,
          waitingAhead: ticket.waitingAhead,
          issuedAt: ticket.issuedAt,
          statusUrl: profile.qr ? ticket.statusUrl : undefined,
          note: doc.note,
        },
        paper,
      );
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
    case 'appointment': {
      const { kind: _kind, ...slip } = doc;
      return appointmentSlip(slip, paper);
    }
    case 'receipt':
      return caseReceipt(
        {
          centre: doc.centre,
          caseNumber: doc.caseNumber,
          service: doc.service,
          outcome: doc.outcome,
          missing: doc.missing,
          at: doc.at,
          station: doc.station,
          agentName: doc.agentName,
          // ASCII only in the QR (hardware.md 2.3), and only on printers that can print one.
          statusUrl: profile.qr ? doc.statusUrl : undefined,
        },
        paper,
      );
    case 'test': {
      const b = new TicketBuilder(paper);
      doc.lines.forEach((line, i) => b.text(line, i === 0 ? { align: 'center', bold: true, size: 2 } : {}));
      b.rule().text('A001', { align: 'center', size: 3, bold: true });
      // A QR code and the cut: the two things a wrong printer profile gets wrong first.
      if (doc.qr && profile.qr) b.qr(doc.qr);
      return b.cut().bytes();
    }
  }
}

/** The printer job id of a document: a ticket's is stable, so asking again is a reprint (补打). */
export function jobIdOf(doc: PrintDocument): string | undefined {
  return doc.kind === 'ticket' ? `ticket-${doc.ticket.id}` : undefined;
}
