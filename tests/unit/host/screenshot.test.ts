import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRunner } from '../../../main/host/services/commands';
import {
  MAX_PNG_BYTES,
  findWaylandDisplay,
  grimCommand,
  waylandScreenshot,
} from '../../../main/host/screenshot';

// The "take a screenshot" remote command on the browser shell: the host asks grim for the display
// session's screen (cage speaks wlroots screencopy). Here grim is a stand-in script that records how it
// was called and answers a PNG, and the compositor's socket is a real Unix socket in a runtime folder;
// under qemu the image's own cage and grim are used (npm run test:image). What a technician notices:
// the dashboard gets the screen as a PNG that fits the result, a clear reason when there is no screen,
// and no picture at all while a resident is at the kiosk.

let dir: string;
let runtime: string;
let server: Server;
let grim: string;

function png(width: number, height: number, noisy = false): Buffer {
  const p = new PNG({ width, height });
  if (noisy) randomBytes(p.data.length).copy(p.data);
  else p.data.fill(128);
  return PNG.sync.write(p);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-shot-'));
  runtime = join(dir, 'run-user-1000');
  mkdirSync(runtime);
  writeFileSync(join(runtime, 'wayland-0.lock'), '');
  server = createServer();
  await new Promise<void>((r) => server.listen(join(runtime, 'wayland-0'), r));
  writeFileSync(join(dir, 'small.png'), png(64, 48));
  // Noise does not compress: a full-size picture over the result's limit, its half-scale one under.
  writeFileSync(join(dir, 'big.png'), png(1100, 1100, true));
  grim = join(dir, 'grim');
  writeFileSync(
    grim,
    [
      '#!/bin/sh',
      `echo "$XDG_RUNTIME_DIR $WAYLAND_DISPLAY $*" >> "${dir}/calls"`,
      `if [ -f "${dir}/fail" ]; then echo "compositor doesn't support wlr-screencopy-unstable-v1" >&2; exit 1; fi`,
      `if [ -f "${dir}/use-big" ] && [ "$3" != "-s" ]; then cat "${dir}/big.png"; else cat "${dir}/small.png"; fi`,
    ].join('\n'),
  );
  chmodSync(grim, 0o755);
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const calls = () => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');

describe('screenshots from the display session (grim on cage)', () => {
  it("finds the compositor's socket and asks grim for a PNG in that session's environment only", async () => {
    expect(findWaylandDisplay([join(dir, 'nothing'), runtime])).toEqual({
      runtimeDir: runtime,
      display: 'wayland-0',
    });
    expect(grimCommand({ runtimeDir: runtime, display: 'wayland-0' })).toEqual({
      file: '/usr/bin/grim',
      args: ['-t', 'png', '-'],
      env: { XDG_RUNTIME_DIR: runtime, WAYLAND_DISPLAY: 'wayland-0', PATH: '/usr/bin:/bin' },
    });
    rmSync(join(dir, 'calls'), { force: true });
    const shot = await waylandScreenshot({ runtimeDirs: [runtime], grim })();
    expect(shot).not.toBeNull();
    const decoded = PNG.sync.read(shot!);
    expect([decoded.width, decoded.height]).toEqual([64, 48]);
    expect(calls()).toEqual([`${runtime} wayland-0 -t png -`]);
  });

  it('scales a picture too large for the command result down until it fits', async () => {
    writeFileSync(join(dir, 'use-big'), '');
    rmSync(join(dir, 'calls'), { force: true });
    try {
      expect(readFileSync(join(dir, 'big.png')).length).toBeGreaterThan(MAX_PNG_BYTES);
      const shot = await waylandScreenshot({ runtimeDirs: [runtime], grim })();
      expect(shot!.length).toBeLessThanOrEqual(MAX_PNG_BYTES);
      expect(calls()).toEqual([`${runtime} wayland-0 -t png -`, `${runtime} wayland-0 -t png -s 0.5 -`]);
    } finally {
      rmSync(join(dir, 'use-big'));
    }
  });

  it("reports grim's own reason when the compositor refuses, and says when no display session runs", async () => {
    writeFileSync(join(dir, 'fail'), '');
    try {
      await expect(waylandScreenshot({ runtimeDirs: [runtime], grim })()).rejects.toThrow(
        /grim failed \(exit 1\): compositor doesn't support wlr-screencopy/,
      );
    } finally {
      rmSync(join(dir, 'fail'));
    }
    await expect(waylandScreenshot({ runtimeDirs: [join(dir, 'nothing')], grim })()).rejects.toThrow(
      /no display session to capture/,
    );
    // A machine without grim (the Electron shell, a developer's laptop): "cannot take screenshots".
    expect(await waylandScreenshot({ runtimeDirs: [runtime], grim: join(dir, 'no-grim') })()).toBeNull();
  });

  it('goes to central as the command result: the PNG when nobody is at the kiosk, refused during a session', async () => {
    const reports: { id: string; state: string; message: string; image?: string }[] = [];
    let session = false;
    const seen = new Map<string, string>();
    rmSync(join(dir, 'calls'), { force: true });
    const runner = new CommandRunner(
      {
        printTestPage: async () => ({ printed: true }),
        selfTest: async () => ({ ok: true, report: {} }),
        logs: () => '',
        screenshot: waylandScreenshot({ runtimeDirs: [runtime], grim }),
        setLogLevel: () => undefined,
        reloadPage: () => undefined,
        restartDisplay: async () => undefined,
        restartHost: () => undefined,
        sessionActive: () => session,
        now: () => Date.now(),
      },
      async (id, body) => {
        reports.push({ id, state: body.state, message: body.result.message, image: body.result.image });
      },
      { get: (k) => seen.get(k), set: (k, v) => void seen.set(k, v) },
      () => undefined,
    );
    const expiresAt = new Date(Date.now() + 600_000).toISOString();
    await runner.run([{ id: 'c1', command: { type: 'screenshot' }, expiresAt }]);
    session = true;
    await runner.run([{ id: 'c2', command: { type: 'screenshot' }, expiresAt }]);
    expect(reports[0]).toMatchObject({ id: 'c1', state: 'done', message: 'screenshot taken' });
    expect(PNG.sync.read(Buffer.from(reports[0]!.image!, 'base64')).width).toBe(64);
    expect(reports[1]).toMatchObject({
      id: 'c2',
      state: 'failed',
      message: 'refused: a resident session is active',
    });
    expect(reports[1]!.image).toBeUndefined();
    // grim was asked once: never while the resident was there.
    expect(calls()).toHaveLength(1);
  });
});
