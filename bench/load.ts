// What the data-lifecycle benchmarks share (retention.bench.ts, backup.bench.ts): bulk rows written
// straight into central's database (old residents with a finished ticket and an audit entry each),
// and a kiosk issuing tickets at a steady rate over HTTP while something else runs.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Queryable } from '../central/db/db';
import { serviceDayOf } from '../central/domain/time';
import type { RunningCentral } from '../central/server';

const DAY = 86_400_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function post(url: string, headers: Record<string, string>, body: unknown) {
  const data = JSON.stringify(body);
  const t0 = performance.now();
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - t0 }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * A valid GB 11643 ID number, a different one for each n below 10 million (a repeated one would be
 * refused while its resident still has an open ticket, and count as a failed issue).
 */
export function idNumber(n: number): string {
  const born = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  const ymd = born.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `310115${ymd}${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  const check = (12 - (s % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

async function insert(q: Queryable, table: string, cols: string[], rows: Array<Array<string | number>>) {
  const per = Math.floor(8000 / cols.length);
  const one = `(${cols.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await q.run(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`,
      chunk.flat(),
    );
  }
}

/** `rows` residents last seen `ageDays` ago, each with a finished ticket and an identity-view audit entry. */
export async function generateResidents(c: RunningCentral, rows: number, ageDays = 400) {
  const old = Date.now() - ageDays * DAY;
  const day = serviceDayOf(old);
  const step = 10_000;
  for (let i = 0; i < rows; i += step) {
    const n = Math.min(step, rows - i);
    const ids = Array.from({ length: n }, (_, k) => i + k);
    await c.db.tx(async (q) => {
      await insert(
        q,
        'residents',
        ['id', 'id_hash', 'id_enc', 'name_enc', 'birth_date', 'created_at'],
        ids.map((k) => [
          `r-bench-${k}`,
          `h-bench-${k}`,
          `v1.sealed-id-${k}`,
          `v1.sealed-name-${k}`,
          '1950-01-01',
          old,
        ]),
      );
      await insert(
        q,
        'tickets',
        [
          'id',
          'number',
          'seq',
          'centre_id',
          'item_id',
          'channel',
          'skill_group',
          'status',
          'priority',
          'service_day',
          'issued_at',
          'finished_at',
          'print_status',
          'resident_id',
          'outcome',
        ],
        ids.map((k) => [
          `t-bench-${k}`,
          `A${k}`,
          k,
          'c-zhangjiang',
          'i-jzz',
          'window',
          'residence',
          'done',
          'normal',
          day,
          old,
          old + 600_000,
          'printed',
          `r-bench-${k}`,
          'done',
        ]),
      );
      await insert(
        q,
        'audit',
        ['at', 'actor_type', 'actor_id', 'action', 'subject_type', 'subject_id', 'centre_id', 'detail'],
        ids.map((k) => [
          old,
          'staff',
          'st-agent1',
          'resident.view_identity',
          'resident',
          `r-bench-${k}`,
          'c-zhangjiang',
          `{"ticketId":"t-bench-${k}"}`,
        ]),
      );
    });
  }
}

/** An enrolled kiosk's bearer token. */
export async function kioskToken(c: RunningCentral): Promise<string> {
  const code = await c.enrollmentCode('s-zhangjiang-1');
  return JSON.parse((await post(`${c.url}/api/v1/stations/enroll`, {}, { code })).body).token as string;
}

/**
 * Issues tickets at `rps` until `work` settles (bounded to an hour); answers the sorted issue times
 * (ms), how many failed, and whether central fell behind: more than 5 s of issues unanswered at once
 * (then issuing stops — on an overloaded machine an open-loop load only buries the work measured).
 */
/** Residents issued for so far: each issue is a new resident, across calls (one already waiting gets 200, not a ticket). */
let issued = 0;

export async function issueDuring<T>(
  c: RunningCentral,
  token: string,
  rps: number,
  work: Promise<T>,
): Promise<{ result: T; times: number[]; failures: number; overloaded: boolean }> {
  let busy = true;
  const done = work.finally(() => (busy = false));
  const started = performance.now();
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  let failures = 0;
  let overloaded = false;
  for (let i = 0; busy && i < rps * 3600; i++) {
    const wait = started + (i * 1000) / rps - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (i - times.length - failures > rps * 5) {
      overloaded = true;
      break;
    }
    pending.push(
      post(
        `${c.url}/api/v1/tickets`,
        { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
        { itemId: ['i-jzz', 'i-sbk', 'i-hjqy'][i % 3], channel: 'window', idNumber: idNumber(issued++) },
      ).then(
        (r) => {
          if (r.status !== 201) failures++;
          times.push(r.ms);
        },
        () => void failures++,
      ),
    );
  }
  const result = await done;
  await Promise.all(pending);
  times.sort((a, b) => a - b);
  return { result, times, failures, overloaded };
}
