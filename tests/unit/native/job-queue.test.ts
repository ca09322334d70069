import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobQueue } from '../../../native/printer/job-queue';

describe('persisted print job queue', () => {
  const dirs: string[] = [];
  const file = () => {
    const d = mkdtempSync(join(tmpdir(), 'doorstep-jobs-'));
    dirs.push(d);
    return join(d, 'sub', 'jobs.json');
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('survives a restart, and a job caught mid-print is failed (partial), never resent by itself', () => {
    const f = file();
    const q = new JobQueue(f);
    const done = q.add(Buffer.from('a'), 'ticket', 'done-1');
    q.update(done, { state: 'printed' });
    const mid = q.add(Buffer.from('b'), 'ticket', 'mid-1');
    q.update(mid, { state: 'printing' });
    const again = new JobQueue(f);
    expect(again.get('done-1')?.state).toBe('printed');
    expect(again.get('mid-1')).toMatchObject({ state: 'failed', lastError: { partial: true } });
    expect(Buffer.from(again.get('mid-1')!.bytes, 'base64').toString()).toBe('b');
  });

  it('keeps a damaged file aside and starts empty rather than stopping the printer', () => {
    const f = file();
    new JobQueue(f).add(Buffer.from('x'), 'ticket');
    writeFileSync(f, '{ not json');
    const q = new JobQueue(f);
    expect(q.list()).toEqual([]);
    expect(readdirSync(join(f, '..')).some((n) => n.startsWith('jobs.json.damaged-'))).toBe(true);
    q.add(Buffer.from('y'), 'ticket');
    expect(existsSync(f)).toBe(true);
  });
});
