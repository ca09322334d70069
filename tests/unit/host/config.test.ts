import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultConfig,
  hashPin,
  loadConfig,
  mergeConfig,
  saveConfig,
  verifyPin,
} from '../../../main/host/config';

// kiosk.json: defaults for everything, validated, written atomically; the PIN only as a hash.

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('kiosk configuration', () => {
  it('gives working defaults for a fresh kiosk', () => {
    const c = defaultConfig();
    expect(c.idleTimeoutSec).toBe(60);
    expect(c.reader).toEqual({ path: null, baudRate: 115200 });
    expect(c.printer.profile.paperWidth).toBe('80mm');
    expect(c.techPinHash).toBeNull();
  });

  it('round-trips through the file and merges command-line changes one level deep', () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-config-'));
    const file = join(dir, 'kiosk.json');
    expect(loadConfig(file)).toEqual(defaultConfig());
    const changed = mergeConfig(defaultConfig(), {
      centralUrl: 'http://127.0.0.1:9999',
      printer: { path: '/dev/ttyUSB1' },
    });
    saveConfig(file, changed);
    const back = loadConfig(file);
    expect(back.centralUrl).toBe('http://127.0.0.1:9999');
    expect(back.printer).toMatchObject({
      path: '/dev/ttyUSB1',
      baudRate: 9600,
      profile: { paperWidth: '80mm' },
    });
  });

  it('names the bad setting when the file is invalid', () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-config-'));
    const file = join(dir, 'kiosk.json');
    writeFileSync(file, JSON.stringify({ idleTimeoutSec: -5 }));
    expect(() => loadConfig(file)).toThrow(/idleTimeoutSec/);
    writeFileSync(file, '{ not json');
    expect(() => loadConfig(file)).toThrow(/not valid JSON/);
  });

  it('stores the technician PIN only as a salted hash that verifies', () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-config-'));
    const file = join(dir, 'kiosk.json');
    const hash = hashPin('482913');
    saveConfig(file, mergeConfig(defaultConfig(), { techPinHash: hash }));
    expect(readFileSync(file, 'utf8')).not.toContain('482913');
    expect(verifyPin('482913', loadConfig(file).techPinHash)).toBe(true);
    expect(verifyPin('482914', hash)).toBe(false);
    expect(verifyPin('482913', null)).toBe(false);
    expect(hashPin('482913')).not.toBe(hash);
    expect(() => hashPin('12')).toThrow(/4 to 12 digits/);
  });
});
