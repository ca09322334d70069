import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { t, type Lang, type MessageKey } from '../../contract/i18n';
import { HostConfig } from '../host/config';
import { scrubIdNumbers } from '../host/log';

// What the Electron shell does when the kiosk cannot start (a broken kiosk.json, a data folder it may
// not write, a full disk…): say what is wrong and what to do, in the log and on the kiosk screen, and
// try again on a timer so the kiosk comes up by itself once a technician has fixed the cause. Plain
// Node, unit-tested without the Electron binary; main.ts only wires it to the window.

/** Why the kiosk did not start, in words a technician can act on; never personal data. */
export interface StartupProblem {
  kind: 'config' | 'access' | 'disk' | 'other';
  /** Only for `config`: the line (1-based) and column of the problem in kiosk.json, when known. */
  line?: number;
  column?: number;
  /** The problem itself (parser or validator text, ID numbers masked). */
  detail: string;
}

/** Where the first JSON syntax error is (a character offset), or null when the text is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const need = (ch: string) => {
    ws();
    if (text[i] !== ch) fail();
    i++;
  };
  const string = () => {
    need('"');
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < ' ') fail();
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (ch === '{') {
          string();
          need(':');
        }
        value();
        ws();
        if (text[i] === close) {
          i++;
          return;
        }
        need(',');
        ws();
      }
    }
    if (ch === '"') return string();
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (number.test(text)) {
      i = number.lastIndex;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return null;
  } catch (err) {
    if (err instanceof JsonStop) return err.offset;
    throw err;
  }
}

class JsonStop {
  constructor(readonly offset: number) {}
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** The line where a settings path (printer.baudRate) is written, following its keys in order. */
function lineOfPath(text: string, path: ReadonlyArray<PropertyKey>): number | undefined {
  let at = -1;
  for (const key of path) {
    if (typeof key !== 'string') break;
    const found = text.indexOf(`"${key}"`, at + 1);
    if (found < 0) break;
    at = found;
  }
  return at < 0 ? undefined : lineAndColumn(text, at).line;
}

/** V8's JSON.parse message without the offset and without the quoted file text. */
function parserReason(text: string): string {
  try {
    JSON.parse(text);
    return 'invalid JSON';
  } catch (err) {
    return (err as Error).message
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
  }
}

/**
 * Why the start failed. kiosk.json is checked first (it is the usual cause, and the file a technician
 * can fix): its JSON syntax, then its settings, each with the line. Otherwise the error's own text,
 * classified as a permission problem, a full disk, or other.
 */
export function diagnoseStartupFailure(
  err: unknown,
  configFile: string,
  readText: (file: string) => string | null = (f) => (existsSync(f) ? readFileSync(f, 'utf8') : null),
): StartupProblem {
  let text: string | null = null;
  try {
    text = readText(configFile);
  } catch {
    // unreadable: the error below says why (EACCES…)
  }
  if (text !== null) {
    const offset = jsonErrorOffset(text);
    if (offset !== null) {
      const reason = text.startsWith('\uFEFF')
        ? 'the file starts with a byte order mark (BOM); save it as UTF-8 without BOM'
        : parserReason(text);
      return { kind: 'config', ...lineAndColumn(text, offset), detail: scrubIdNumbers(reason) };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { kind: 'config', detail: scrubIdNumbers(parserReason(text)) };
    }
    const parsed = HostConfig.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues;
      const first = issues[0]!;
      const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
      const name = first.path.length ? `${first.path.join('.')}: ` : '';
      return {
        kind: 'config',
        line: lineOfPath(text, first.path),
        detail: scrubIdNumbers(`${name}${first.message}${more}`),
      };
    }
  }
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = scrubIdNumbers(
    typeof e?.message === 'string' && e.message ? e.message : String(err ?? 'unknown error'),
  );
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return { kind: 'access', detail: message };
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return { kind: 'disk', detail: message };
  return { kind: 'other', detail: message };
}

export interface StartupPaths {
  /** kiosk.json */
  configFile: string;
  /** The host log, where the failure is written too. */
  logFile: string;
}

type Params = Record<string, string | number>;

/** The problem (where and what) and what to do, in one language. */
function describe(p: StartupProblem, paths: StartupPaths, lang: Lang): { problem: string; fix: string } {
  const file = basename(paths.configFile);
  const msg = (key: MessageKey, params?: Params) => t(key, lang, params);
  switch (p.kind) {
    case 'config': {
      const where =
        p.line === undefined
          ? file
          : p.column === undefined
            ? msg('host.startFailed.atLine', { file, line: p.line })
            : msg('host.startFailed.atLineColumn', { file, line: p.line, column: p.column });
      return {
        problem: msg('host.startFailed.config', { where, detail: p.detail }),
        fix: msg('host.startFailed.fixConfig', { path: paths.configFile }),
      };
    }
    case 'access':
      return {
        problem: msg('host.startFailed.access', { detail: p.detail }),
        fix: msg('host.startFailed.fixAccess', { path: dirname(paths.configFile) }),
      };
    case 'disk':
      return {
        problem: msg('host.startFailed.disk', { detail: p.detail }),
        fix: msg('host.startFailed.fixDisk'),
      };
    default:
      return {
        problem: msg('host.startFailed.other', { detail: p.detail }),
        fix: msg('host.startFailed.fixOther', { log: paths.logFile }),
      };
  }
}

/** One log line for the technician (English, like the rest of the host log). */
export function startupLogLine(
  p: StartupProblem,
  paths: StartupPaths,
  attempt: number,
  retryInSec: number,
): string {
  const { problem, fix } = describe(p, paths, 'en');
  return `could not start (attempt ${attempt}): ${problem}. ${fix} Next attempt in ${retryInSec} s.`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The local page the kiosk window shows while the kiosk cannot start: residents are sent to a
 * window, the technician reads what is wrong and what to do. Chinese first, then English. No script,
 * no remote resources (its own CSP), so it shows even with nothing else working.
 */
export function startupErrorPage(p: StartupProblem, paths: StartupPaths, retryInSec: number): string {
  const section = (lang: Lang) => {
    const { problem, fix } = describe(p, paths, lang);
    const tag = lang === 'zh' ? 'zh-CN' : 'en';
    return `<section lang="${tag}">
<h1>${escapeHtml(t('host.startFailed.outOfService', lang))}</h1>
<h2>${escapeHtml(t('host.startFailed.title', lang))}</h2>
<p class="problem">${escapeHtml(problem)}</p>
<p>${escapeHtml(fix)}</p>
<p>${escapeHtml(t('host.startFailed.retry', lang, { sec: retryInSec }))}</p>
</section>`;
  };
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(t('host.startFailed.outOfService', 'zh'))}</title>
<style>
body { margin: 0; padding: 6vh 6vw; font-family: 'Noto Sans CJK SC', sans-serif; background: #f5f7fa; color: #1d2733; }
section { margin-bottom: 6vh; }
section + section { color: #4a5766; }
h1 { font-size: 3.2rem; margin: 0 0 2vh; }
h2 { font-size: 1.6rem; margin: 4vh 0 1vh; border-top: 2px solid #c9d3de; padding-top: 2vh; }
p { font-size: 1.3rem; line-height: 1.5; overflow-wrap: anywhere; }
.problem { font-family: monospace, 'Noto Sans CJK SC'; background: #fff3f0; border-left: 6px solid #c0392b; padding: 1vh 1.5vw; }
</style>
</head>
<body>
${section('zh')}
${section('en')}
</body>
</html>
`;
}

export interface StartupFailureDeps extends StartupPaths {
  log(line: string): void;
  /** Shows the error page (in the kiosk window). */
  show(html: string): Promise<void> | void;
  readText?: (file: string) => string | null;
}

/**
 * The failure handler for StartupRetry: diagnoses, logs (a repeated identical failure only every
 * 20th attempt, so a kiosk left failing over a weekend does not fill its log) and shows the page.
 */
export function createStartupFailureHandler(deps: StartupFailureDeps) {
  let lastProblem = '';
  return async (err: unknown, info: { attempt: number; retryInMs: number }): Promise<StartupProblem> => {
    const problem = diagnoseStartupFailure(err, deps.configFile, deps.readText);
    const retryInSec = Math.round(info.retryInMs / 1000);
    const key = JSON.stringify(problem);
    if (key !== lastProblem || info.attempt % 20 === 0) {
      deps.log(startupLogLine(problem, deps, info.attempt, retryInSec));
    }
    lastProblem = key;
    await deps.show(startupErrorPage(problem, deps, retryInSec));
    return problem;
  };
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Seconds between attempts: quickly at first (a data disk mounted late), then every 30 s. */
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 10_000, 30_000];

/**
 * Runs `attempt` until it succeeds, calling `onFailure` after each failure and waiting the next delay
 * (the last one repeats). `run` resolves true on success, false when stopped; it rejects only when
 * `onFailure` itself throws (nothing can be shown: the caller exits non-zero).
 */
export class StartupRetry {
  private stopped = false;
  private timer: unknown = null;
  private wake: (() => void) | null = null;
  attempts = 0;

  constructor(
    private readonly attempt: () => Promise<void>,
    private readonly onFailure: (err: unknown, info: { attempt: number; retryInMs: number }) => unknown,
    private readonly delaysMs: readonly number[] = RETRY_DELAYS_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  async run(): Promise<boolean> {
    while (!this.stopped) {
      this.attempts++;
      try {
        await this.attempt();
        return true;
      } catch (err) {
        if (this.stopped) return false;
        const retryInMs = this.delaysMs[Math.min(this.attempts, this.delaysMs.length) - 1] ?? 30_000;
        await this.onFailure(err, { attempt: this.attempts, retryInMs });
        if (this.stopped) return false;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = this.timers.set(resolve, retryInMs);
        });
        this.wake = null;
      }
    }
    return false;
  }

  /** Stops retrying (the app quits). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.wake?.();
  }
}
