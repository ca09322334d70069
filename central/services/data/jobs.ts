import type { RetentionSettings, SweepResult } from '../../../contract/api/data';
import type { Ctx } from '../context';
import { loadRetention } from './retention';
import { runSweep } from './sweep';

// The sweep as central runs it on its own: every `everyMs` (default an hour), one run at a time. A run
// that leaves work over (maxBatches reached) is followed by the next soon rather than an hour later.

export interface DataJobs {
  /** Runs a sweep now (waits for one already running first); resolves with its result. */
  sweepNow(by: string, dryRun?: boolean): Promise<SweepResult>;
  stop(): Promise<void>;
}

export function startDataJobs(
  ctx: Ctx,
  opts: { everyMs?: number; onError?: (e: unknown) => void } = {},
): DataJobs {
  const every = opts.everyMs ?? 3_600_000;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const sweepNow = (by: string, dryRun = false): Promise<SweepResult> => {
    const run = running.then(async () => {
      const s: RetentionSettings = await loadRetention(ctx.db);
      return runSweep(ctx.db, ctx.clock().getTime(), s, { by, dryRun });
    });
    running = run.catch(() => undefined);
    return run;
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweepNow('schedule').then(
        (r) => schedule(r.more ? 1000 : every),
        (e: unknown) => {
          opts.onError?.(e);
          schedule(every);
        },
      );
    }, ms);
    timer.unref();
  };
  schedule(every);
  return {
    sweepNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
