import { EventEmitter } from 'node:events';
import type { DeviceState, DeviceStatus, PrinterStatus, PrintResult } from '../../contract/device';
import { DeviceError, asDeviceError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { closePort, openPort, wireMs } from '../serial';
import { JobQueue, type StoredJob } from './job-queue';
import { PrinterLink } from './link';

// The ESC/POS ticket printer driver: real-time status (DLE EOT) before and after every job, a job is
// `printed` only when the printer has processed it (its GS r 1 reply came back) and reports no error,
// and a persisted queue so a job is printed at most once unless a person asks for a reprint.

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
  logger?: Logger;
}

export interface PrintJobInput {
  /** Caller's id (e.g. the ticket id); a new id is made when absent. */
  id?: string;
  kind?: string;
  bytes: Uint8Array;
}

export class TicketPrinter extends EventEmitter<{ status: [DeviceStatus] }> {
  private readonly o: Required<TicketPrinterOptions>;
  private readonly queue: JobQueue;
  private link: PrinterLink | undefined;
  private port: Awaited<ReturnType<typeof openPort>> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private _state: DeviceState = 'closed';

  constructor(options: TicketPrinterOptions) {
    super();
    this.o = {
      baudRate: 115200,
      statusTimeoutMs: 1000,
      jobTimeoutMs: 15000,
      pollMs: 250,
      logger: silentLogger,
      ...options,
    };
    this.queue = new JobQueue(this.o.queueFile);
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
        await this.link!.status();
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
    let before: PrinterStatus;
    try {
      link = await this.ensureLink();
      before = await link.status();
    } catch (err) {
      return fail(asDeviceError(err), false);
    }
    if (!before.ready) {
      this.setState('fault', before.problem, before.problem);
      return fail(new DeviceError(before.problem!, `not printed: ${before.problem} before the job`), false);
    }
    this.queue.update(job, { state: 'printing', attempts: job.attempts + 1 });
    const bytes = Buffer.from(job.bytes, 'base64');
    try {
      const barrier = await link.send(bytes);
      const deadline = Date.now() + this.o.jobTimeoutMs + wireMs(bytes.length, this.o.baudRate);
      // Bounded by the deadline: each pass waits for progress or pollMs.
      while (!link.finished(barrier)) {
        if (Date.now() > deadline) {
          link.forget(barrier);
          return fail(new DeviceError('DEVICE_TIMEOUT', 'the printer did not finish the job in time'), true);
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
      this.queue.update(job, { state: 'printed', printedAt: new Date().toISOString() });
      this.setState('ready');
      return {
        printed: true,
        jobId: job.id,
        ...(after.paper === 'near_end' ? { warning: 'DEVICE_PAPER_NEAR_END' as const } : {}),
      };
    } catch (err) {
      return fail(asDeviceError(err), true);
    }
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
    try {
      this.port = await openPort(this.o.path, this.o.baudRate);
    } catch (err) {
      const e = asDeviceError(err);
      this.setState('fault', e.code, e.message);
      throw e;
    }
    this.link = new PrinterLink(this.port, this.o.baudRate, this.o.statusTimeoutMs);
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
