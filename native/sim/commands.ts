import type { Commands } from './control';
import type { IdCardSimulator, SamStep } from './idcard-sim';
import type { PrinterSimulator } from './printer-sim';

// The simulators' commands for stdin and the control API. Cards are numbered from 1 for people.

const STEPS: SamStep[] = ['status', 'find', 'select', 'read', 'any'];

export function idcardCommands(sim: IdCardSimulator): Commands {
  return {
    cards: {
      help: 'list the test cards',
      run: () => sim.cards.map((c, i) => `  ${i + 1}. ${c.label}`).join('\n'),
    },
    place: {
      help: 'place N: put test card N on the reader',
      run: ([n = '1']) => {
        const i = Number(n);
        if (!Number.isInteger(i) || i < 1 || i > sim.cards.length) {
          throw new Error(`card number 1-${sim.cards.length}; "cards" lists them`);
        }
        sim.placeCard(i - 1);
        return `card ${i} placed (${sim.cards[i - 1]!.label})`;
      },
    },
    remove: { help: 'take the card off the reader', run: () => (sim.removeCard(), 'card removed') },
    unplug: { help: 'stop answering, as if the cable were pulled', run: () => (sim.unplug(), 'unplugged') },
    replug: { help: 'answer again', run: () => (sim.replug(), 'plugged in') },
    error: {
      help: 'error SW3 [status|find|select|read|any] [times]: answer with this GA 467 status (hex, e.g. 41)',
      run: ([sw3, step = 'any', times = '1']) => {
        const code = Number.parseInt(sw3 ?? '', 16);
        if (!Number.isInteger(code) || code < 0 || code > 0xff) throw new Error('SW3 is a hex byte, e.g. 41');
        if (!STEPS.includes(step as SamStep)) throw new Error(`step is one of ${STEPS.join(', ')}`);
        sim.failNext(code, step as SamStep, Math.max(1, Number(times) || 1));
        return `next ${times} ${step} answer(s): SW3 0x${code.toString(16).toUpperCase()}`;
      },
    },
    slow: {
      help: 'slow MS: the card read takes MS milliseconds (default 120)',
      run: ([ms = '120']) => {
        const v = Number(ms);
        if (!Number.isFinite(v) || v < 0 || v > 60_000) throw new Error('slow MS, 0-60000');
        sim.setReadTime(v);
        return `card read time ${v} ms`;
      },
    },
  };
}

export function printerCommands(sim: PrinterSimulator): Commands {
  return {
    paper: {
      help: 'paper ok|near_end|out',
      run: ([s]) => {
        if (s !== 'ok' && s !== 'near_end' && s !== 'out') throw new Error('paper ok | near_end | out');
        sim.setPaper(s);
        return `paper ${s}`;
      },
    },
    cover: {
      help: 'cover open|closed',
      run: ([s]) => {
        if (s !== 'open' && s !== 'closed') throw new Error('cover open | closed');
        sim.setCoverOpen(s === 'open');
        return `cover ${s}`;
      },
    },
    offline: { help: 'go offline', run: () => (sim.setOffline(true), 'offline') },
    online: { help: 'come back online', run: () => (sim.setOffline(false), 'online') },
    cutter: {
      help: 'cutter jam|ok',
      run: ([s]) => (sim.setCutterError(s === 'jam'), `cutter ${s === 'jam' ? 'jammed' : 'ok'}`),
    },
    tickets: {
      help: 'list the printed tickets',
      run: () =>
        sim.tickets.map((t) => `  ${t.seq}. ${t.pngPath ?? t.transcriptPath}`).join('\n') || '  none yet',
    },
  };
}
