import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTlsFiles } from '../../central/http/tls';
import { type RunningCentral, startCentral } from '../../central/server';

// A throwaway certificate chain made with the openssl CLI, as a district would have it: a root CA,
// an intermediate CA signed by it, and a server certificate for 127.0.0.1/localhost signed by the
// intermediate (docs/tls.md shows the same commands). EC P-256 keys: the whole chain takes well
// under a second.

export interface TestChain {
  dir: string;
  /** The root CA certificate (what a kiosk pins, what a client trusts). */
  rootFile: string;
  root: string;
  /** Server certificate then intermediate: what central serves (--tls-cert). */
  chainFile: string;
  /** The server's private key (--tls-key). */
  keyFile: string;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function newKey(cwd: string, file: string): void {
  openssl(cwd, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file);
}

/** Makes root → intermediate → server for 127.0.0.1 and localhost in `dir` (named after `name`). */
export function makeTestChain(dir: string, name = 'district'): TestChain {
  mkdirSync(dir, { recursive: true });
  const ext = join(dir, `${name}-ext.cnf`);
  writeFileSync(
    ext,
    [
      '[ca]',
      'basicConstraints = critical, CA:true',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      '[server]',
      'basicConstraints = critical, CA:false',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      'authorityKeyIdentifier = keyid:always',
      '',
    ].join('\n'),
  );
  const f = (s: string) => `${name}-${s}`;
  newKey(dir, f('root.key'));
  openssl(
    dir,
    'req',
    '-x509',
    '-new',
    '-key',
    f('root.key'),
    '-subj',
    `/CN=${name} test root CA`,
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    f('root.pem'),
  );
  newKey(dir, f('int.key'));
  openssl(
    dir,
    'req',
    '-new',
    '-key',
    f('int.key'),
    '-subj',
    `/CN=${name} test issuing CA`,
    '-out',
    f('int.csr'),
  );
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    f('int.csr'),
    '-CA',
    f('root.pem'),
    '-CAkey',
    f('root.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    ext,
    '-extensions',
    'ca',
    '-out',
    f('int.pem'),
  );
  newKey(dir, f('server.key'));
  openssl(dir, 'req', '-new', '-key', f('server.key'), '-subj', '/CN=127.0.0.1', '-out', f('server.csr'));
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('int.pem'),
    '-CAkey',
    f('int.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    ext,
    '-extensions',
    'server',
    '-out',
    f('server.pem'),
  );
  const chainFile = join(dir, f('chain.pem'));
  writeFileSync(
    chainFile,
    readFileSync(join(dir, f('server.pem')), 'utf8') + readFileSync(join(dir, f('int.pem')), 'utf8'),
  );
  const rootFile = join(dir, f('root.pem'));
  return {
    dir,
    rootFile,
    root: readFileSync(rootFile, 'utf8'),
    chainFile,
    keyFile: join(dir, f('server.key')),
  };
}

export interface TlsCentral {
  dir: string;
  /** The chain central's certificate comes from (clients pin its root). */
  district: TestChain;
  /** A chain from another CA: what a client pinning the district must refuse. */
  stranger: TestChain;
  central: RunningCentral;
  close(): Promise<void>;
}

/** The demo central speaking HTTPS with a district chain, and a stranger chain beside it. */
export async function startTlsCentral(prefix: string): Promise<TlsCentral> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const district = makeTestChain(join(dir, 'pki'), 'district');
  const stranger = makeTestChain(join(dir, 'pki'), 'stranger');
  const central = await startCentral({
    port: 0,
    dataDir: join(dir, 'central'),
    seed: 'demo',
    tls: loadTlsFiles(district.chainFile, district.keyFile),
  });
  return {
    dir,
    district,
    stranger,
    central,
    async close() {
      await central.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
