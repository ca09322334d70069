import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { startImpairRelay, type ImpairRelay } from './impair-relay';
import { startCoturn, type TestTurn } from './video-coturn';
import { startVideoStack, type VideoStack } from './video-stack';

// The video stack with every call forced through coturn (relay-only ICE) behind the impairment relay:
// the clients are given the relay's address as their TURN server. Used by the quality e2e test and the
// video-impaired bench. With `signal`, the kiosk host and the console reach central through a TCP fault
// proxy too (delay and loss on the signaling: HTTP and WebSocket), so setup figures include slow
// signaling as on a real poor link.

export interface ImpairedVideoStack {
  s: VideoStack;
  turn: TestTurn;
  relay: ImpairRelay;
  /** The signaling's fault proxy, when asked for. */
  signal: FaultProxy | null;
  close(): Promise<void>;
}

export async function startImpairedVideoStack(
  config: Record<string, unknown> = {},
  o: { signal?: boolean } = {},
): Promise<ImpairedVideoStack> {
  const turn = await startCoturn();
  const port = Number(/:(\d+)\?/.exec(turn.url)?.[1]);
  let relay: ImpairRelay | undefined;
  let s: VideoStack | undefined;
  let signal: FaultProxy | null = null;
  try {
    relay = await startImpairRelay(port);
    s = await startVideoStack(
      o.signal
        ? {
            clientUrl: async (url) => {
              signal = await startFaultProxy(url);
              return signal.url;
            },
          }
        : {},
    );
    await s.admin.put('/api/v1/admin/video-config', {
      turnUrls: [relay.turnUrl],
      turnSecret: turn.secret,
      iceTransportPolicy: 'relay',
      ...config,
    });
  } catch (err) {
    await s?.close();
    await (signal as FaultProxy | null)?.close();
    await relay?.close();
    await turn.stop();
    throw err;
  }
  const stack = s;
  const r = relay;
  const sig = signal as FaultProxy | null;
  return {
    s: stack,
    turn,
    relay: r,
    signal: sig,
    close: async () => {
      await stack.close();
      await sig?.close();
      await r.close();
      await turn.stop();
    },
  };
}

/**
 * Records in the page every value the attribute takes on the element with this test id (a
 * MutationObserver, so even a state shown for a moment is seen); read them with `seenValues`.
 * A string, not a function: tsx's name helper (__name) does not exist in the page.
 */
export function watchAttr(testId: string, attr: string): string {
  return `
    (() => {
      const key = ${JSON.stringify(`${testId}/${attr}`)};
      const seen = (window.__seen ??= {});
      const list = (seen[key] ??= []);
      const note = (el) => {
        const v = el && el.getAttribute(${JSON.stringify(attr)});
        if (v !== null && v !== undefined && list.at(-1) !== v) list.push(v);
      };
      const sel = '[data-testid=${JSON.stringify(testId).slice(1, -1)}]';
      note(document.querySelector(sel));
      new MutationObserver(() => note(document.querySelector(sel))).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: [${JSON.stringify(attr)}],
      });
    })();
    undefined;
  `;
}

export const seenValues = (testId: string, attr: string) =>
  `(window.__seen ?? {})[${JSON.stringify(`${testId}/${attr}`)}] ?? []`;
