import { EscPosInterpreter } from '../sim/escpos-interpreter';

// How long a job takes to print (issue 17): without GS r 1 the driver waits this long after sending
// before it takes "online, no error" as the job done. Dots of paper the job feeds, counted by the same
// ESC/POS parser the simulator prints with (text lines, feeds, QR codes, raster images), over the
// profile's print speed at 8 dots/mm.

export function jobDots(bytes: Buffer): number {
  const interp = new EscPosInterpreter();
  let dots = 0;
  let rest = bytes;
  // Bounded: each step consumes at least one byte or ends the loop.
  while (rest.length > 0) {
    const { used, effects } = interp.step(rest);
    if (used === 0) break;
    for (const fx of effects) if (fx.kind === 'printed') dots += fx.dots;
    rest = rest.subarray(used);
  }
  return dots;
}

export function printMs(bytes: Buffer, speedMmPerSec: number): number {
  return speedMmPerSec > 0 ? (jobDots(bytes) / 8 / speedMmPerSec) * 1000 : 0;
}
