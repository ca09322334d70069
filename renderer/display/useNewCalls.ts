import { useEffect, useRef, useState } from 'react';
import type { PublicCall } from '../../contract/fleet';
import { playChime } from './chime';

/** How long a new call flashes. */
export const FLASH_MS = 10_000;

/**
 * The keys of calls that arrived since the page loaded and are still flashing. The calls present at
 * the first load are old news: they neither flash nor chime.
 */
export function useNewCalls(calls: readonly PublicCall[] | null): ReadonlySet<string> {
  const seen = useRef<Set<string> | null>(null);
  const [flashing, setFlashing] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    if (!calls) return;
    if (seen.current === null) {
      seen.current = new Set(calls.map((c) => c.key));
      return;
    }
    const fresh = calls.filter((c) => !seen.current!.has(c.key)).map((c) => c.key);
    if (fresh.length === 0) return;
    for (const k of fresh) seen.current.add(k);
    setFlashing((prev) => new Set([...prev, ...fresh]));
    playChime();
    const timer = setTimeout(() => {
      setFlashing((prev) => new Set([...prev].filter((k) => !fresh.includes(k))));
    }, FLASH_MS);
    return () => clearTimeout(timer);
  }, [calls]);

  return flashing;
}
