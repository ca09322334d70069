import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

// Command-line values for how central listens (central/cli.ts): --trust-proxy and
// --metrics-token-file. Each parser returns a value or an error sentence for the operator; none
// throws. TLS files: http/tls.ts.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const CIDR = /^(.+)\/(\d{1,3})$/;

function isAddressOrCidr(s: string): boolean {
  const m = CIDR.exec(s);
  if (!m) return isIP(s) !== 0;
  const family = isIP(m[1]!);
  const bits = Number(m[2]);
  return family !== 0 && bits <= (family === 4 ? 32 : 128);
}

/**
 * --trust-proxy: `true` (every hop: only when nothing but the proxy can reach central), a hop count
 * (1 = the one proxy in front), or the proxy's addresses/CIDRs, comma separated (the safest: an
 * X-Forwarded-For from anyone else is ignored). Fastify then takes req.ip and req.protocol from
 * X-Forwarded-For / -Proto, so rate limits key on the real client.
 */
export function parseTrustProxy(raw: string): Parsed<boolean | number | string> {
  const v = raw.trim();
  if (v === 'true') return { ok: true, value: true };
  if (v === 'false') return { ok: true, value: false };
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n >= 1 && n <= 10) return { ok: true, value: n };
  }
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length && list.every(isAddressOrCidr)) return { ok: true, value: list.join(',') };
  return {
    ok: false,
    error: `--trust-proxy takes true, a hop count from 1 to 10, or the proxy's addresses (e.g. 10.0.0.5 or 10.0.0.0/24,::1), got "${raw}"`,
  };
}

/**
 * --metrics-token-file: the scraper's bearer token read from a file (a token on the command line
 * would be visible to every local user in the process list). Trailing newline ignored.
 */
export function readMetricsToken(file: string): Parsed<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    return { ok: false, error: `cannot read the metrics token file ${file}: ${(err as Error).message}` };
  }
  if (text.length < 16 || /\s/.test(text)) {
    return {
      ok: false,
      error: `the metrics token in ${file} must be one line of at least 16 characters without spaces (make one with: openssl rand -hex 32 > ${file})`,
    };
  }
  return { ok: true, value: text };
}
