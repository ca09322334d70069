import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { isIP } from 'node:net';

// The kiosk's trust in central (docs/tls.md). The station token and every resident's name go over
// this link, so:
// - central is reached over https; plain http only on this machine (loopback, development);
// - a district may pin its own CA: then central's certificate must chain to that CA alone, not to
//   any of the hundred public roots (a mis-issued public certificate, or a proxy with a root
//   installed on the kiosk, cannot then read the link).
// Node's fetch takes a CA only through an undici dispatcher (not a dependency here), so a pinned
// link uses node:https under a fetch-shaped function; WebSockets (ws) take `ca` directly.

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  if (LOOPBACK_NAMES.has(h)) return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Why a central URL is refused (null: acceptable): https anywhere, http on loopback only. */
export function centralUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `the central URL "${url}" is not a URL`;
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && isLoopback(u.hostname)) return null;
  return `the central URL must be https:// (plain http is allowed only to this machine, for development), got "${url}": ask the district for central's https address`;
}

/** Reads a CA file to pin (PEM, one or more certificates); throws saying what is wrong. */
export function readCentralCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the central CA file ${file}: ${(err as Error).message}`, { cause: err });
  }
  const problem = centralCaProblem(pem);
  if (problem) throw new Error(`${file}: ${problem}`);
  return pem;
}

/** Why a pinned CA is not usable (null: it is): PEM certificates, each a CA. */
export function centralCaProblem(pem: string): string | null {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) return 'not a PEM certificate (-----BEGIN CERTIFICATE-----)';
  for (const b of blocks) {
    let c: X509Certificate;
    try {
      c = new X509Certificate(b);
    } catch {
      return 'a certificate in it cannot be read';
    }
    if (!c.ca) return `${c.subject.replace(/\n/g, ', ')} is not a CA certificate: pin the district's root CA`;
  }
  return null;
}

/** What CentralHttp calls to send a request (the global fetch, or a pinned-CA stand-in). */
export type CentralFetch = (url: string, init: RequestInit) => Promise<Response>;

const NO_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * fetch for central: the global one without a pinned CA; with one, node:https trusting only `ca`.
 * Failures look like fetch's (TypeError with the system error as `cause`, the signal's reason on
 * abort), so CentralHttp treats both alike.
 */
export function centralFetch(ca: string | null | undefined): CentralFetch {
  if (!ca) return (url, init) => fetch(url, init);
  const agent = new https.Agent({ keepAlive: true, ca, maxSockets: 8 });
  return (url, init) => {
    const u = new URL(url);
    if (u.protocol !== 'https:') return fetch(url, init); // loopback http (development)
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const fail = (err: Error) =>
        reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
      const req = https.request(
        u,
        { method: init.method ?? 'GET', headers: init.headers as Record<string, string>, agent, signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            const headers = new Headers();
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
              headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            }
            const status = res.statusCode ?? 502;
            resolve(
              new Response(NO_BODY_STATUS.has(status) ? null : Buffer.concat(chunks), { status, headers }),
            );
          });
        },
      );
      req.on('error', fail);
      req.end(typeof init.body === 'string' ? init.body : undefined);
    });
  };
}
