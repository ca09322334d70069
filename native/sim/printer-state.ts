// The simulated printer's condition and the status bytes it answers with (hardware.md 2.5: DLE EOT
// replies are 0xx1xx10; GS r 1 paper sensor bits 0+1 near end, 2+3 end, bit 4 = 0).

export interface Condition {
  paper: 'ok' | 'near_end' | 'out';
  coverOpen: boolean;
  offline: boolean;
  cutterError: boolean;
  /** Bytes left on the roll before it runs out; undefined = plenty. */
  paperLeftBytes?: number;
}

export class PrinterState {
  private c: Condition = { paper: 'ok', coverOpen: false, offline: false, cutterError: false };
  private waiters: Array<() => void> = [];

  get condition(): Readonly<Condition> {
    return this.c;
  }

  /** A printer prints only online, with paper, cover closed and no cutter error. */
  get canPrint(): boolean {
    return this.c.paper !== 'out' && !this.c.coverOpen && !this.c.offline && !this.c.cutterError;
  }

  set(patch: Partial<Condition>): void {
    this.c = { ...this.c, ...patch };
    if (patch.paper && patch.paper !== 'out' && !('paperLeftBytes' in patch)) delete this.c.paperLeftBytes;
    this.wake();
  }

  consumed(bytes: number): void {
    if (this.c.paperLeftBytes === undefined) return;
    this.c.paperLeftBytes -= bytes;
    if (this.c.paperLeftBytes <= 0) this.set({ paper: 'out', paperLeftBytes: undefined });
  }

  wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves on the next state change or new data, or after `ms`. */
  changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  realtime(n: number): number {
    const { paper, coverOpen, cutterError } = this.c;
    const stopped = !this.canPrint;
    if (n === 1) return 0x12 | (stopped ? 0x08 : 0); // bit 3 offline
    if (n === 2)
      return 0x12 | (coverOpen ? 0x04 : 0) | (paper === 'out' ? 0x20 : 0) | (cutterError ? 0x40 : 0);
    if (n === 3) return 0x12 | (cutterError ? 0x08 : 0);
    if (n === 4) return 0x12 | (paper === 'near_end' ? 0x0c : 0) | (paper === 'out' ? 0x60 : 0);
    return 0x12;
  }

  /** ASB block (hardware.md 2.6): offline/cover, error, paper (bits 0+1 near end, 2+3 end), model. */
  asbBlock(): number[] {
    const { paper, coverOpen, cutterError } = this.c;
    return [
      0x10 | (this.canPrint ? 0 : 0x08) | (coverOpen ? 0x20 : 0),
      cutterError ? 0x08 : 0,
      paper === 'near_end' ? 0x03 : paper === 'out' ? 0x0c : 0,
      0,
    ];
  }

  transmitStatus(): number {
    return this.c.paper === 'near_end' ? 0x03 : this.c.paper === 'out' ? 0x0c : 0x00;
  }
}
