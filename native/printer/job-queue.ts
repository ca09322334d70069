import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeviceErrorCode, PrintJobState } from '../../contract/device';

// The persisted print job queue: every job has an id and a state, written to a JSON file (atomic
// rename) before and after each attempt, so a job is printed at most once even across a crash, unless
// a person asks for a reprint.

export interface StoredJob {
  id: string;
  kind: string;
  state: PrintJobState;
  createdAt: string;
  /** The ESC/POS bytes, base64 (tickets carry no personal data: domain.md). */
  bytes: string;
  attempts: number;
  reprints: number;
  printedAt?: string;
  lastError?: { code: DeviceErrorCode; detail: string; partial: boolean };
}

const KEEP = 500; // finished jobs kept for reprint; older ones are dropped

export class JobQueue {
  private jobs: StoredJob[] = [];

  constructor(private readonly file: string) {
    if (existsSync(file)) {
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { jobs?: StoredJob[] };
        this.jobs = Array.isArray(parsed.jobs) ? parsed.jobs : [];
      } catch {
        // A damaged file must not stop printing: keep it aside, start empty.
        renameSync(file, `${file}.damaged-${Date.now()}`);
      }
    }
    // A job caught mid-print by a crash may be on paper already: fail it, never resend it by itself.
    for (const j of this.jobs) {
      if (j.state === 'printing') {
        j.state = 'failed';
        j.lastError = {
          code: 'DEVICE_DISCONNECTED',
          detail: 'interrupted (restart during printing)',
          partial: true,
        };
      }
    }
  }

  get(id: string): StoredJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  list(): readonly StoredJob[] {
    return this.jobs;
  }

  add(bytes: Buffer, kind: string, id: string = randomUUID()): StoredJob {
    const job: StoredJob = {
      id,
      kind,
      state: 'queued',
      createdAt: new Date().toISOString(),
      bytes: bytes.toString('base64'),
      attempts: 0,
      reprints: 0,
    };
    this.jobs.push(job);
    this.save();
    return job;
  }

  update(job: StoredJob, patch: Partial<StoredJob>): void {
    Object.assign(job, patch);
    this.save();
  }

  private save(): void {
    const finished = this.jobs.filter((j) => j.state === 'printed' || j.state === 'failed');
    if (finished.length > KEEP) {
      const drop = new Set(finished.slice(0, finished.length - KEEP));
      this.jobs = this.jobs.filter((j) => !drop.has(j));
    }
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ jobs: this.jobs }, null, 1));
    renameSync(tmp, this.file);
  }
}
