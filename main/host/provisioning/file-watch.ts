import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../log';

// provision.json on the boot partition or a mounted USB stick (first-boot.ts): the watched folders and
// their sub-folders one level down are looked at on a timer. A file is read again only once it changes,
// or, when central did not answer, after a pause.

export interface FileWatchOptions {
  watch: string[];
  log: Log;
  /** How often the folders are looked at, ms (default 1000). */
  pollMs?: number;
  /** After a failed attempt because central did not answer, a file is tried again this often (ms). */
  retryUnavailableMs?: number;
  /** True while an attempt is under way or once enrolled: nothing is read then. */
  paused(): boolean;
  /** A new or changed file's text; `attemptId` goes back to `retryLater`. */
  onFile(text: string, attemptId: string): void;
}

export interface FileWatch {
  /** Looks now (also done on the timer). */
  look(): void;
  /** The attempt with that id failed because central did not answer: try the file again later. */
  retryLater(attemptId: string, retry: boolean): void;
  stop(): void;
}

export function watchProvisionFiles(o: FileWatchOptions): FileWatch {
  /** Files already tried and what came of it: a file is tried again only once it changes. */
  const tried = new Map<string, { sig: string; at: number; retry: boolean }>();

  const candidates = () =>
    o.watch.flatMap((d) => {
      const here = [join(d, 'provision.json')];
      try {
        for (const e of readdirSync(d, { withFileTypes: true }))
          if (e.isDirectory()) here.push(join(d, e.name, 'provision.json'));
      } catch {
        // not there (no stick inserted): nothing to read
      }
      return here;
    });

  const signature = (file: string): string | null => {
    try {
      const st = statSync(file);
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
  };

  const look = () => {
    if (o.paused()) return;
    for (const file of candidates()) {
      const sig = signature(file);
      if (sig === null) continue;
      const before = tried.get(file);
      const due = before?.retry && Date.now() - before.at >= (o.retryUnavailableMs ?? 10_000);
      if (before && before.sig === sig && !due) continue;
      tried.set(file, { sig, at: Date.now(), retry: false });
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        o.log('warn', 'provision', `${file}: ${(err as Error).message}`);
        continue;
      }
      o.log('info', 'provision', `found ${file}`);
      o.onFile(text, `${file}\0${sig}`);
      return;
    }
  };

  const timer = setInterval(look, o.pollMs ?? 1000);
  timer.unref();
  return {
    look,
    retryLater(attemptId, retry) {
      const t = tried.get(attemptId.split('\0')[0]!);
      if (t) t.retry = retry;
    },
    stop: () => clearInterval(timer),
  };
}
