import { EventEmitter } from 'node:events';
import type {
  DeviceState,
  DeviceStatus,
  DeviceTransport,
  PrinterCapabilities,
  PrinterProfileSpec,
  PrinterStatus,
  PrintResult,
} from '../../contract/device';
import { DeviceError, asDeviceError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { closePort, openPort, wireMs, type BytePort } from '../serial';
import { openUsbPrinter } from '../usblp';
import { JobQueue, type StoredJob } from './job-queue';
import { PrinterLink } from './link';
import { printMs } from './print-time';
import { chooseProfile, type ProfileFields } from './profile';

// The ESC/POS ticket printer driver: real-time status (DLE EOT) before and after every job, and a
// persisted queue so a job is printed at most once unless a person asks for a reprint. What the
// printer answers is probed at connect (issue 17), and a job is `printed` only on evidence of the
// printer's state after it: its GS r 1 reply, or, for a printer without GS r, DLE EOT showing it
// online and without error once the job's computed print time (bytes on the wire, paper at the
// profile's speed) has passed. A printer that lacks an optional command is never failed for it.

export interface TicketPrinterOptions {
  path: string;
  baudRate?: number;
  /** JSON file of the job queue; the caller owns where it lives. */
  queueFile: string;
  statusTimeoutMs?: number;
  /** Time the printer may take to print a job, on top of the wire time of its bytes. */
  jobTimeoutMs?: number;
  /** How often status is asked while a job prints, to catch paper out mid-job. */
  pollMs?: number;
  /** How long each capability question waits for an answer at connect. */
  probeMs?: number;
  /** `usblp`: a USB printer-class device (/dev/usb/lp*) opened as a file; default serial. */
  transport?: DeviceTransport;
  /** The technician's profile choice, kept per kiosk; unset fields come from detection. */
  profile?: Partial<ProfileFields>;
  logger?: Logger;
}

export interface PrintJobInput {
  /** Caller's id (e.g. the ticket id); a new id is made when absent. */
  id?: string;
  kind?: string;
  bytes: Uint8Array;
}

export class TicketPrinter extends EventEmitter<{
  status: [DeviceStatus];
  capabilities: [PrinterCapabilities, PrinterProfileSpec];
}> {
  private readonly o: Required<Omit<TicketPrinterOptions, 'profile'>> & Pick<TicketPrinterOptions, 'profile'>;
  private readonly queue: JobQueue;
  private link: PrinterLink | undefined;
  private port: BytePort | undefined;
  private _caps: PrinterCapabilities | undefined;
  private _profile: PrinterProfileSpec;
  /** Set when the last probe was inconclusive (no answer, or the printer not ready): probe again. */
  private needsProbe = true;
  /** Baud rate of the wire-time model: a USB printer-class link is modelled as a fast one. */
  private wireBaud: number;
  private chain: Promise<unknown> = Promise.resolve();
  private _state: DeviceState = 'closed';

  constructor(options: TicketPrinterOptions) {
    super();
    this.o = {
      baudRate: 115200,
      statusTimeoutMs: 1000,
      jobTimeoutMs: 15000,
      pollMs: 250,
      probeMs: 400,
      transport: 'serial',
      logger: silentLogger,
      ...options,
    };
    this.queue = new JobQueue(this.o.queueFile);
    this._profile = chooseProfile(undefined, this.o.profile);
    this.wireBaud = this.o.transport === 'usblp' ? 1_000_000 : this.o.baudRate;
  }

  /** What the printer answered at the last connect; undefined until it answered anything. */
  get capabilities(): PrinterCapabilities | undefined {
    return this._caps;
  }

  /** The profile in use: detected from the printer where it tells, the technician's choice on top. */
  get profile(): PrinterProfileSpec {
    return this._profile;
  }

  get state(): DeviceState {
    return this._state;
  }

  jobs(): readonly StoredJob[] {
    return this.queue.list();
  }

  /** Opens the port and asks the status once; rejects with a DeviceError when nothing answers. */
  open(): Promise<void> {
    return this.serial(() =>
      this.guard(async () => {
        await this.connect();
        await this.probe(this.link!);
        // A write-only port has no status to ask: it opens, and says so in its capabilities.
        if (this._caps?.completion !== 'none') await this.link!.status();
      }),
    );
  }

  close(): Promise<void> {
    return this.serial(async () => {
      await this.disconnect();
      this.setState('closed');
    });
  }

  status(): Promise<PrinterStatus> {
    return this.serial(() =>
      this.guard(async () => {
        const s = await this.ensureLink().then((l) => l.status());
        this.setState(s.ready ? 'ready' : 'fault', s.problem, s.problem);
        return s;
      }),
    );
  }

  /** A failure to reach the printer shows in its state before it reaches the caller. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = asDeviceError(err);
      this.setState('fault', e.code, e.message);
      throw e;
    }
  }

  print(job: PrintJobInput): Promise<PrintResult> {
    return this.serial(async () => {
      const known = job.id ? this.queue.get(job.id) : undefined;
      if (known?.state === 'printed')
        return { printed: true as const, jobId: known.id, alreadyPrinted: true };
      const stored = known ?? this.queue.add(Buffer.from(job.bytes), job.kind ?? 'ticket', job.id);
      return this.run(stored);
    });
  }

  /** Prints a stored job again, at a person's request (补打). */
  reprint(jobId: string): Promise<PrintResult> {
    return this.serial(async () => {
      const job = this.queue.get(jobId);
      if (!job)
        return {
          printed: false as const,
          jobId,
          reason: 'PRINT_JOB_UNKNOWN' as const,
          detail: 'no such job',
          partial: false,
        };
      if (job.state === 'printed') this.queue.update(job, { reprints: job.reprints + 1 });
      return this.run(job);
    });
  }

  private async run(job: StoredJob): Promise<PrintResult> {
    const fail = (err: DeviceError, partial: boolean): PrintResult => {
      this.queue.update(job, {
        state: 'failed',
        lastError: { code: err.code, detail: err.message, partial },
      });
      this.o.logger('warn', `print job ${job.id} failed: ${err.code} ${err.message}`);
      return { printed: false, jobId: job.id, reason: err.code, detail: err.message, partial };
    };
    let link: PrinterLink;
    let before: PrinterStatus | undefined;
    try {
      link = await this.ensureLink();
      if (this.needsProbe) await this.probe(link);
      if (this._caps?.completion !== 'none') before = await link.status();
    } catch (err) {
      return fail(asDeviceError(err), false);
    }
    if (!before) return this.sendUnconfirmed(job, link, fail);
    if (!before.ready) {
      this.setState('fault', before.problem, before.problem);
      return fail(new DeviceError(before.problem!, `not printed: ${before.problem} before the job`), false);
    }
    this.queue.update(job, { state: 'printing', attempts: job.attempts + 1 });
    const bytes = Buffer.from(job.bytes, 'base64');
    try {
      const started = performance.now();
      const barrier = await link.send(bytes);
      if (barrier === 0) return await this.awaitByRealtime(job, link, bytes, started, fail);
      const deadline = Date.now() + this.o.jobTimeoutMs + wireMs(bytes.length, this.wireBaud);
      // Bounded by the deadline: each pass waits for progress or pollMs.
      while (!link.finished(barrier)) {
        if (Date.now() > deadline) {
          link.forget(barrier);
          // A printer that is fine but stopped answering GS r 1 is not failed for it (issue 17):
          // its real-time status decides, and the next jobs use DLE EOT.
          const now = await link.status();
          if (!now.ready || !link.caps?.realtime.length)
            return fail(
              new DeviceError('DEVICE_TIMEOUT', 'the printer did not finish the job in time'),
              true,
            );
          link.caps = { ...link.caps, transmitStatus: false, completion: 'realtime_poll' };
          this.setCaps(link.caps);
          this.o.logger('warn', 'the printer stopped answering GS r 1: end of job by DLE EOT from now on');
          return this.printed(job, now, 'realtime_poll');
        }
        // Asking during transmission is pointless: DLE EOT would wait behind the job's bytes.
        await link.waitForProgress(Math.max(this.o.pollMs, link.busyMs()));
        if (link.finished(barrier)) break;
        const during = await link.status();
        if (!during.ready) {
          this.setState('fault', during.problem, during.problem);
          return fail(new DeviceError(during.problem!, `${during.problem} during the job`), true);
        }
      }
      const after = await link.status();
      if (!after.ready) {
        this.setState('fault', after.problem, after.problem);
        return fail(new DeviceError(after.problem!, `${after.problem} after the job`), true);
      }
      return this.printed(job, after, 'transmit_status');
    } catch (err) {
      return fail(asDeviceError(err), true);
    }
  }

  private printed(
    job: StoredJob,
    after: PrinterStatus,
    evidence: 'transmit_status' | 'realtime_poll',
  ): PrintResult {
    this.queue.update(job, { state: 'printed', printedAt: new Date().toISOString() });
    this.setState('ready');
    return {
      printed: true,
      jobId: job.id,
      ...(after.paper === 'near_end' ? { warning: 'DEVICE_PAPER_NEAR_END' as const } : {}),
      evidence,
    };
  }

  /**
   * End of job for a printer without GS r 1: DLE EOT every pollMs while the job prints (paper out
   * mid-job is caught), and "printed" only once the job's computed time has passed (its bytes on the
   * wire and its paper at the profile's speed, whichever is longer: the printer prints as bytes
   * arrive) with the printer online and without error. Bounded by that time plus jobTimeoutMs.
   */
  private async awaitByRealtime(
    job: StoredJob,
    link: PrinterLink,
    bytes: Buffer,
    started: number,
    fail: (err: DeviceError, partial: boolean) => PrintResult,
  ): Promise<PrintResult> {
    const expected = Math.max(
      wireMs(bytes.length, this.wireBaud),
      printMs(bytes, this._profile.speedMmPerSec),
    );
    const doneAt = started + expected;
    const deadline = doneAt + this.o.jobTimeoutMs;
    let askMs = 0;
    // Bounded by the deadline: every pass waits until the next poll or doneAt, then asks once.
    for (;;) {
      const left = doneAt - performance.now();
      // A poll that would still be running at doneAt only delays the answer: wait for doneAt instead.
      const wait = left <= this.o.pollMs + askMs ? left : this.o.pollMs;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const asked = performance.now();
      const s = await link.status();
      askMs = performance.now() - asked;
      if (!s.ready) {
        this.setState('fault', s.problem, s.problem);
        const when = performance.now() >= doneAt ? 'after' : 'during';
        return fail(new DeviceError(s.problem!, `${s.problem} ${when} the job`), true);
      }
      if (performance.now() >= doneAt) return this.printed(job, s, 'realtime_poll');
      if (performance.now() > deadline)
        return fail(new DeviceError('DEVICE_TIMEOUT', 'the printer did not finish the job in time'), true);
    }
  }

  /** A write-only port: the bytes go out, but nothing can show they were printed. */
  private async sendUnconfirmed(
    job: StoredJob,
    link: PrinterLink,
    fail: (err: DeviceError, partial: boolean) => PrintResult,
  ): Promise<PrintResult> {
    this.queue.update(job, { state: 'printing', attempts: job.attempts + 1 });
    try {
      await link.send(Buffer.from(job.bytes, 'base64'));
    } catch (err) {
      return fail(asDeviceError(err), true);
    }
    return fail(
      new DeviceError('PRINT_UNCONFIRMED', 'sent to a write-only printer port: check the ticket came out'),
      true,
    );
  }

  /** Asks the printer what it answers; an inconclusive probe is repeated before the next job. */
  private async probe(link: PrinterLink): Promise<void> {
    let caps = await link.probe(this.o.probeMs);
    const answeredNothing = caps.bidirectional && caps.realtime.length === 0 && !caps.transmitStatus;
    if (answeredNothing && this.o.transport === 'usblp') {
      // A USB printer that is gone is gone from /dev/usb too: one that opens but never answers
      // does not send status back (unidirectional interface). Said so, not guessed around.
      caps = { ...caps, bidirectional: false, completion: 'none' };
      link.caps = caps;
    } else if (answeredNothing) {
      // Unplugged or switched off, not a printer without status: keep asking DLE EOT as before.
      link.caps = undefined;
      this.needsProbe = true;
      return;
    }
    this.needsProbe = link.probedNotReady;
    this.setCaps(caps);
  }

  private setCaps(caps: PrinterCapabilities): void {
    this._caps = caps;
    this._profile = chooseProfile(caps, this.o.profile);
    this.o.logger(
      'info',
      `printer capabilities: completion ${caps.completion}, DLE EOT [${caps.realtime.join(',')}], GS r ${caps.transmitStatus}, ASB ${caps.asb}, profile ${this._profile.family} (${this._profile.source})`,
    );
    this.emit('capabilities', caps, this._profile);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The open link, reopening the port by path when it was lost (unplugged and plugged back). */
  private async ensureLink(): Promise<PrinterLink> {
    if (this.link && !this.link.lost) return this.link;
    await this.disconnect();
    await this.connect();
    return this.link!;
  }

  private async connect(): Promise<void> {
    if (this.link && !this.link.lost) return;
    let readable = true;
    try {
      if (this.o.transport === 'usblp') {
        const usb = await openUsbPrinter(this.o.path);
        this.port = usb;
        readable = usb.readable;
      } else this.port = await openPort(this.o.path, this.o.baudRate);
    } catch (err) {
      const e = asDeviceError(err);
      this.setState('fault', e.code, e.message);
      throw e;
    }
    this.link = new PrinterLink(this.port, this.wireBaud, this.o.statusTimeoutMs, this.o.transport, readable);
    this.needsProbe = true;
    this.setState('ready');
  }

  private async disconnect(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.link = undefined;
    await closePort(port);
  }

  private setState(state: DeviceState, error?: DeviceStatus['error'], detail?: string): void {
    const changed = state !== this._state || error !== undefined;
    this._state = state;
    if (!changed) return;
    this.emit('status', {
      kind: 'ticket_printer',
      path: this.o.path,
      state,
      ...(error ? { error } : {}),
      ...(detail ? { detail } : {}),
      at: new Date().toISOString(),
    });
  }
}
