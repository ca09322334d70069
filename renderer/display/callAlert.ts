// What a new call does on the board: it flashes, and the hall hears a chime.

import { useEffect, useRef, useState } from 'react';
import type { PublicCall } from '../../contract/fleet';

// A two-tone chime (叮咚) through WebAudio: no audio file to ship or fetch. Browsers start an
// AudioContext suspended until a user gesture unless the display runs with an autoplay policy that
// allows it (kiosk Chromium: --autoplay-policy=no-user-gesture-required); the page then offers a button.

type Ctx = AudioContext;
let ctx: Ctx | null = null;

function context(): Ctx | null {
  if (ctx) return ctx;
  const Ctor = window.AudioContext;
  if (!Ctor) return null;
  ctx = new Ctor();
  return ctx;
}

/** True when sound can play now (the context is running). */
export function chimeReady(): boolean {
  const c = context();
  return c !== null && c.state === 'running';
}

/** Resumes audio after a user gesture; resolves with whether sound is now on. */
export async function enableChime(): Promise<boolean> {
  const c = context();
  if (!c) return false;
  await c.resume().catch(() => undefined);
  return c.state === 'running';
}

function tone(c: Ctx, freq: number, start: number, length: number): void {
  const osc = c.createOscillator();
  const gain = c.createGain();
  osc.type = 'sine';
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  osc.connect(gain).connect(c.destination);
  osc.start(start);
  osc.stop(start + length + 0.05);
}

/** Plays 叮咚 once; silently does nothing when audio is not available or not yet allowed. */
export function playChime(): void {
  const c = context();
  if (!c || c.state !== 'running') return;
  const now = c.currentTime;
  tone(c, 880, now, 0.6);
  tone(c, 660, now + 0.45, 0.9);
}

/** How long a new call flashes. */
export const FLASH_MS = 10_000;

/**
 * The keys of calls that arrived since the page loaded and are still flashing. The calls present at
 * the first load are old news: they neither flash nor chime.
 */
export function useNewCalls(
  calls: readonly PublicCall[] | null,
  announce: (call: PublicCall) => void = () => playChime(),
): ReadonlySet<string> {
  const seen = useRef<Set<string> | null>(null);
  const say = useRef(announce);
  useEffect(() => {
    say.current = announce;
  });
  const [flashing, setFlashing] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    if (!calls) return;
    if (seen.current === null) {
      seen.current = new Set(calls.map((c) => c.key));
      return;
    }
    const freshCalls = calls.filter((c) => !seen.current!.has(c.key));
    const fresh = freshCalls.map((c) => c.key);
    if (fresh.length === 0) return;
    for (const k of fresh) seen.current.add(k);
    setFlashing((prev) => new Set([...prev, ...fresh]));
    // Oldest first, each with its chime and its spoken call (speech.ts queues them).
    for (const c of [...freshCalls].reverse()) say.current(c);
    const timer = setTimeout(() => {
      setFlashing((prev) => new Set([...prev].filter((k) => !fresh.includes(k))));
    }, FLASH_MS);
    return () => clearTimeout(timer);
  }, [calls]);

  return flashing;
}
