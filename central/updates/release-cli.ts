import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Ed25519Signature, ReleaseVersion } from '../../contract/updates';
import { readPassword } from '../admin-cli';

// `npm run central -- release upload FILE --signature SIG --central URL --username U`: uploads a
// signed kiosk package to a running central over its API (POST /api/v1/admin/releases/{version}/
// package) as a district administrator, showing progress. It works from the machine where the
// package was signed; central checks the signature against the district key before keeping it.

export const RELEASE_HELP = `Usage: npm run central -- release upload FILE --signature SIG --central URL --username NAME [options]

Uploads the kiosk package FILE (doorstep-kiosk_<version>_amd64.deb) to central, which computes its
sha512, checks the district key's signature of (version, sha512) and then serves it to kiosks.

  --signature SIG     the Ed25519 signature (base64), or a file holding it (base64 or 64 raw bytes)
  --central URL       the central service (https://central.example.gov.cn)
  --username NAME     a district administrator; the password is read from the terminal (no echo)
                      or from the first line of stdin
  --version V         the package version (default: read from FILE with dpkg-deb)
  --notes TEXT        release notes shown to administrators
  --ca FILE           trust this CA certificate (PEM) for central's https
  --help              show this help

The signature signs "doorstep-kiosk\\n<version>\\n<sha512 hex>\\n" (docs/deployment.md, Releasing).
`;

function fail(message: string): number {
  process.stderr.write(`release: ${message}\n`);
  return 2;
}

/** The signature from the option: base64 itself, or a file of base64 text or 64 raw bytes. */
function signatureOf(value: string): string | null {
  if (Ed25519Signature.safeParse(value).success) return value;
  if (!existsSync(value)) return null;
  const raw = readFileSync(value);
  const text = raw.length === 64 ? raw.toString('base64') : raw.toString('utf8').trim();
  return Ed25519Signature.safeParse(text).success ? text : null;
}

function versionOf(file: string): string | null {
  try {
    return execFileSync('dpkg-deb', ['-f', file, 'Version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  url: URL,
  opts: { method: string; headers: Record<string, string | number>; ca?: Buffer },
  body: NodeJS.ReadableStream | string,
): Promise<Answer> {
  return new Promise((done, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: opts.method, headers: opts.headers, ca: opts.ca, timeout: 60_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer from central in 60 s')));
    req.on('error', reject);
    if (typeof body === 'string') req.end(body);
    else body.pipe(req);
  });
}

const messageOf = (a: Answer) => {
  try {
    const e = (JSON.parse(a.body) as { error?: { code: string; message: string } }).error;
    return e ? `${e.code}: ${e.message}` : a.body.slice(0, 300);
  } catch {
    return a.body.slice(0, 300);
  }
};

export async function releaseCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        signature: { type: 'string' },
        central: { type: 'string' },
        username: { type: 'string' },
        version: { type: 'string' },
        notes: { type: 'string' },
        ca: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`release: ${(err as Error).message}\n\n${RELEASE_HELP}`);
    return 2;
  }
  const { values: v, positionals } = args;
  if (v.help) {
    process.stdout.write(RELEASE_HELP);
    return 0;
  }
  if (positionals[0] !== 'upload' || positionals.length !== 2) {
    process.stderr.write(RELEASE_HELP);
    return 2;
  }
  const file = resolve(positionals[1]!);
  if (!existsSync(file)) return fail(`no package at ${file}`);
  if (!v.central || !URL.canParse(v.central)) return fail('--central URL is needed (https://…)');
  if (!v.username) return fail('--username of a district administrator is needed');
  const signature = v.signature ? signatureOf(v.signature) : null;
  if (!signature) return fail('--signature is the base64 Ed25519 signature, or a file holding it');
  const version = v.version ?? versionOf(file);
  if (!version || !ReleaseVersion.safeParse(version).success) {
    return fail(`--version is needed (could not read a package version from ${file})`);
  }
  const ca = v.ca ? readFileSync(resolve(v.ca)) : undefined;
  const base = new URL(v.central);

  const password = await readPassword();
  const login = await send(
    new URL('/api/v1/auth/login', base),
    { method: 'POST', headers: { 'content-type': 'application/json' }, ca },
    JSON.stringify({ username: v.username, password }),
  );
  if (login.status !== 200) {
    process.stderr.write(`release: sign-in refused (${login.status} ${messageOf(login)})\n`);
    return 1;
  }
  const cookie = String([login.headers['set-cookie']].flat()[0] ?? '').split(';')[0]!;
  const csrf = (JSON.parse(login.body) as { csrfToken: string }).csrfToken;

  const size = statSync(file).size;
  const stream = createReadStream(file);
  let sent = 0;
  let shown = -1;
  stream.on('data', (chunk) => {
    sent += chunk.length;
    const pct = size ? Math.floor((sent / size) * 10) * 10 : 100;
    if (pct !== shown) {
      shown = pct;
      process.stderr.write(`release: ${pct} % of ${(size / 2 ** 20).toFixed(1)} MB sent\n`);
    }
  });
  const q = new URLSearchParams({ signature, ...(v.notes ? { notes: v.notes } : {}) });
  const up = await send(
    new URL(`/api/v1/admin/releases/${encodeURIComponent(version)}/package?${q}`, base),
    {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': size,
        cookie,
        'x-csrf-token': csrf,
      },
      ca,
    },
    stream,
  );
  if (up.status !== 201) {
    process.stderr.write(`release: upload refused (${up.status} ${messageOf(up)})\n`);
    return 1;
  }
  const r = JSON.parse(up.body) as { version: string; sha512: string; url: string };
  process.stdout.write(
    `uploaded release ${r.version} (sha512 ${r.sha512.slice(0, 16)}…), served to kiosks at ${r.url}\n` +
      'start a rollout: PUT /api/v1/admin/rollout (docs/deployment.md)\n',
  );
  return 0;
}
