import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

// Running a command-line entry point as a user does (`node --import tsx <file> …`, what `npm run x --`
// does without npm's own start-up time), from the repository root.

export interface Finished {
  code: number | null;
  out: string;
  err: string;
}

/** Runs to the end; kills it after `timeoutMs` (the result then has code null). */
export function run(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** A long-running command: read its output as it comes, write to its stdin, stop it. */
export class Running {
  out = '';
  err = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;
  private closed = false;

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, args, { stdio: 'pipe', env: { ...process.env, ...env } });
    this.child.stdout.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.err += d.toString()));
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => {
        this.closed = true;
        resolve(code);
      }),
    );
  }

  /** Resolves with the first match of `re` in stdout; rejects if the process ends or time runs out. */
  waitFor(re: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(this.out);
        if (!m) return false;
        done();
        resolve(m);
        return true;
      };
      const onData = () => void check();
      const onClose = (code: number | null) => {
        done();
        reject(new Error(`exited (${code}) before ${re}; stdout:\n${this.out}\nstderr:\n${this.err}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${re} within ${timeoutMs} ms; stdout:\n${this.out}\nstderr:\n${this.err}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.child.stdout.off('data', onData);
        this.child.off('close', onClose);
      };
      if (check()) return;
      if (this.closed) {
        onClose(this.child.exitCode);
        return;
      }
      this.child.stdout.on('data', onData);
      this.child.once('close', onClose);
    });
  }

  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** SIGTERM, as Ctrl-C or systemd would stop it; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (!this.closed) this.child.kill('SIGTERM');
    return this.exited;
  }
}
