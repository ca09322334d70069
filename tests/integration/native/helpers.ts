import type { EventEmitter } from 'node:events';

// Awaiting events with a time limit, so no test sleeps a fixed time and none hangs.

export function next<T extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  timeoutMs = 5000,
  filter: (...args: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (...args: unknown[]) => {
      if (!filter(...(args as T))) return;
      clearTimeout(timer);
      emitter.off(event, on);
      resolve(args as T);
    };
    emitter.on(event, on);
  });
}
