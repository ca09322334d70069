import type { DoorstepApi } from '../../../contract/kiosk';
import { KioskCallFailed, failureOf } from './errors';

// The page's side of window.doorstep: whichever transport installed it (Electron preload, browser
// bridge, a scripted host in tests), a failed call rejects here with one KioskCallFailed — the code,
// message and field errors of the contract's error body — so no screen guesses at shapes.

export function kioskTransport(raw: DoorstepApi): DoorstepApi {
  return {
    async call(channel, request) {
      try {
        return await raw.call(channel, request);
      } catch (err) {
        throw new KioskCallFailed(failureOf(err));
      }
    },
    subscribe: (listener) => raw.subscribe(listener),
  };
}
