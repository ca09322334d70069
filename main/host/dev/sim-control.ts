import type { Commands } from '../../../native/sim/control';
import type { IdCardSimulator } from '../../../native/sim/idcard-sim';
import type { ScannerSimulator } from '../../../native/sim/scanner-sim';
import { scannerCommands } from '../../../native/sim/scanner-commands';
import type { PrinterSimulator } from '../../../native';

// The dev kiosk's simulator commands, one surface for all devices: typed on stdin of `npm start`
// ("place 1", "scan K7Q2M9") or sent to the loopback control URL (POST /place/1, POST /scan/K7Q2M9).

export function simulatorCommands(
  idcard: IdCardSimulator,
  printer: PrinterSimulator,
  scanner?: ScannerSimulator,
): Commands {
  const sc = scanner ? scannerCommands(scanner) : undefined;
  return {
    cards: {
      help: 'list the test cards with their ID numbers (generated people, native/sim/cards.ts)',
      run: () =>
        idcard.cards
          .map((c, i) => `  ${i + 1}. ${c.fields.name}  ${c.fields.idNumber}  (${c.label})`)
          .join('\n'),
    },
    place: {
      help: 'place test card N on the reader (default 1)',
      run: ([n]) => {
        const i = Number(n ?? '1');
        if (!Number.isInteger(i) || i < 1 || i > idcard.cards.length) {
          throw new Error(`card number 1-${idcard.cards.length}; "cards" lists them`);
        }
        idcard.placeCard(i - 1);
        return `card ${i} placed (${idcard.cards[i - 1]!.label})`;
      },
    },
    remove: { help: 'take the card off the reader', run: () => (idcard.removeCard(), 'card removed') },
    paper: {
      help: 'paper ok | near_end | out',
      run: ([state]) => {
        if (state !== 'ok' && state !== 'near_end' && state !== 'out')
          throw new Error('paper ok | near_end | out');
        printer.setPaper(state);
        return `paper ${state}`;
      },
    },
    cover: {
      help: 'cover open | closed',
      run: ([state]) => {
        if (state !== 'open' && state !== 'closed') throw new Error('cover open | closed');
        printer.setCoverOpen(state === 'open');
        return `cover ${state}`;
      },
    },
    ...(sc && {
      scan: {
        help: 'scan CODE: the serial QR scanner reads this code (e.g. an appointment code from booking)',
        run: sc.scan!.run,
      },
      scanner: {
        help: 'scanner unplug | replug: pull the serial scanner out or plug it back in',
        run: ([what]) => {
          if (what !== 'unplug' && what !== 'replug') throw new Error('scanner unplug | replug');
          return sc[what]!.run([]);
        },
      },
    }),
  };
}
