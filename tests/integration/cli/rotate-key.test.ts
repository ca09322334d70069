import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { piiCipher } from '../../../central/security/pii';
import { idNumber, startTestCentral } from '../central/harness';
import { run } from './run';

// `npm run central -- rotate-key` as an operator runs it: the residents central filed under the old
// key are under the new one afterwards, with progress printed; a key file others can read, or a
// data folder without a database, is a usage error saying what to fix. SQLite (the logic is proven
// on both databases in tests/integration/security/keys.test.ts).

const dir = mkdtempSync(join(tmpdir(), 'doorstep-rotate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keyFile(name: string, keys: Buffer[], mode = 0o600): string {
  const file = join(dir, name);
  writeFileSync(file, keys.map((k) => `${k.toString('hex')}\n`).join(''), { mode });
  return file;
}

const rotate = (...args: string[]) =>
  run(['--import', 'tsx', 'central/cli.ts', 'rotate-key', ...args], {
    env: { DOORSTEP_PII_KEY: '', DOORSTEP_PII_KEY_FILE: '' },
    timeoutMs: 60_000,
  });

describe('npm run central -- rotate-key', () => {
  it('re-encrypts what central stored under the old key, printing its progress', async () => {
    const [k1, k2] = [randomBytes(32), randomBytes(32)];
    const old = keyFile('old.key', [k1]);
    const c = await startTestCentral('sqlite', { piiKeyFile: old });
    const kiosk = await c.kiosk();
    for (let n = 0; n < 3; n++) {
      const r = await kiosk.post('/api/v1/tickets', {
        itemId: 'i-sbk',
        channel: 'window',
        idNumber: idNumber('19800101', 700 + n),
      });
      expect(r.status).toBe(201);
    }
    await c.central.close();
    try {
      const r = await rotate(
        '--new-key-file',
        keyFile('ring.key', [k2, k1]),
        '--data',
        c.dataDir,
        '--batch',
        '2',
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain('residents: 3 to re-encrypt');
      expect(r.out).toContain('residents: 2/3');
      expect(r.out).toContain(`rotate-key: 3 rows now under key ${piiCipher(k2).keyId}`);

      const again = await rotate('--new-key-file', keyFile('new.key', [k2]), '--data', c.dataDir);
      expect(again.code).toBe(0);
      expect(again.out).toContain('residents: 0 to re-encrypt');
    } finally {
      rmSync(c.dataDir, { recursive: true, force: true });
    }
  });

  it('says what to fix when the key file is open to others or the data folder has no database', async () => {
    const open = keyFile('open.key', [randomBytes(32)], 0o644);
    const r = await rotate('--new-key-file', open, '--data', join(dir, 'none'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`run chmod 600 ${open}`);
    const none = await rotate(
      '--new-key-file',
      keyFile('k.key', [randomBytes(32)]),
      '--data',
      join(dir, 'none'),
    );
    expect(none.code).toBe(2);
    expect(none.err).toContain('no database at');
  });
});
