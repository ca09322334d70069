import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../../contract/gb11643';
import { piiCipher } from '../../../central/security/pii';
import { rotatePiiKey } from '../../../central/security/rotate';
import { type RunningCentral, startCentral } from '../../../central/server';
import {
  DBS,
  KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from '../central/harness';

// The PII key outside the data folder, and its rotation: central started on key 1 files residents;
// restarted on a key file holding key 2 before key 1 it still finds them; `rotate-key` (interrupted
// once, then resumed) moves every record to key 2 while central serves; restarted on key 2 alone,
// every resident is still found and their number still shown masked. On both databases.

afterAll(stopPostgres);

const keyDir = mkdtempSync(join(tmpdir(), 'doorstep-keys-'));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

function keyFile(name: string, keys: Buffer[], mode = 0o600): string {
  const file = join(keyDir, name);
  writeFileSync(file, `# current key first\n${keys.map((k) => k.toString('hex')).join('\n')}\n`, { mode });
  chmodSync(file, mode);
  return file;
}

const residents = Array.from({ length: 5 }, (_, i) => idNumber('19700101', 600 + i));

describe.each(DBS)('the PII key on %s', (kind) => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const id2 = piiCipher(k2).keyId;
  let c: TestCentral;
  let running: RunningCentral | undefined;
  let token: string;
  let kioskId: string;
  const tickets = new Map<string, string>();

  const restart = async (file: string) => {
    await (running ?? c.central).close();
    running = undefined;
    running = await startCentral({
      dataDir: c.dataDir,
      databaseUrl: c.databaseUrl,
      seed: 'demo',
      port: 0,
      clock: c.clock.now,
      piiKeyFile: file,
    });
    return new KioskClient(running.url, token, kioskId);
  };

  /** Every resident asks again: each gets their own waiting ticket back (found by the keyed hash). */
  const everyoneFound = async (kiosk: KioskClient) => {
    for (const idNo of residents) {
      const r = await kiosk.post('/api/v1/tickets', { itemId: 'i-sbk', channel: 'window', idNumber: idNo });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.id).toBe(tickets.get(idNo));
    }
  };

  beforeAll(async () => {
    c = await startTestCentral(kind, { piiKeyFile: keyFile(`k1-${kind}`, [k1]) });
    const kiosk = await c.kiosk();
    ({ token, kioskId } = kiosk);
    for (const [i, idNo] of residents.entries()) {
      const r = await kiosk.post('/api/v1/tickets', {
        itemId: 'i-sbk',
        channel: 'window',
        idNumber: idNo,
        name: `居民${i}`,
      });
      expect(r.status).toBe(201);
      tickets.set(idNo, r.body.id);
    }
    const appt = await kiosk.post('/api/v1/appointments', {
      slotId: 'sl-zhangjiang-jydj-20260302-1100',
      idNumber: residents[0],
    });
    expect(appt.status).toBe(201);
  });
  afterAll(async () => {
    await running?.close();
    rmSync(c.dataDir, { recursive: true, force: true });
  });

  it('moves every resident to a new key while central serves, resuming an interrupted run', async () => {
    let kiosk = await restart(keyFile(`ring-${kind}`, [k2, k1]));
    await everyoneFound(kiosk);
    const db = running!.db;
    const pii = running!.ctx.pii;

    // Interrupted after its first batch (as a killed process would be).
    const lines: string[] = [];
    await expect(
      rotatePiiKey(db, pii, {
        batch: 2,
        progress: (l) => {
          lines.push(l);
          if (l === 'residents: 2/5') throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    // Half moved, half not: everyone is still found.
    await everyoneFound(kiosk);
    const resumed = await rotatePiiKey(db, pii, { batch: 2, progress: (l) => lines.push(l) });
    expect(resumed.rewritten.residents).toBe(3);
    expect(resumed.unreadable.residents).toBe(0);
    expect(lines).toContain('residents: 3 to re-encrypt');

    const rows = await db.all<{ id_enc: string; name_enc: string | null }>(
      'SELECT id_enc, name_enc FROM residents',
    );
    expect(rows).toHaveLength(residents.length);
    for (const r of rows) {
      expect(r.id_enc.startsWith(`v2.${id2}.`)).toBe(true);
      expect(r.name_enc?.startsWith(`v2.${id2}.`)).toBe(true);
    }
    const audit = await db.all<{ action: string; subject_id: string }>(
      "SELECT action, subject_id FROM audit WHERE subject_type = 'pii-key' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toContain('pii.rotate.finish');
    expect(audit.every((a) => a.subject_id === id2)).toBe(true);

    // The old key is gone: residents are still found and their numbers still read.
    kiosk = await restart(keyFile(`k2-${kind}`, [k2]));
    await everyoneFound(kiosk);
    const booked = await kiosk.post('/api/v1/appointments/lookup', { idNumber: residents[0] });
    expect(booked.status).toBe(200);
    expect(booked.body.appointments.map((a: { residentMasked: string }) => a.residentMasked)).toEqual([
      maskIdNumber(residents[0]!),
    ]);
    const names = await running!.db.all<{ name_enc: string }>('SELECT name_enc FROM residents');
    expect(names.map((n) => running!.ctx.pii.decrypt(n.name_enc)).sort()).toEqual(
      residents.map((_, i) => `居民${i}`),
    );
    const again = await rotatePiiKey(running!.db, running!.ctx.pii);
    expect(again.rewritten.residents).toBe(0);
  });

  it('refuses to start on a key file others can read, saying how to fix it', async () => {
    const open = keyFile(`open-${kind}`, [k2], 0o644);
    await expect(
      startCentral({ dataDir: c.dataDir, databaseUrl: c.databaseUrl, port: 0, piiKeyFile: open }),
    ).rejects.toThrow(`readable by others (mode 0644): run chmod 600 ${open}`);
  });
});
