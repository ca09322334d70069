import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Central's own HTTPS listener (--tls-cert / --tls-key, docs/tls.md). The files are read and checked
// at start, so that a wrong path, a key of another certificate or an expired certificate stops the
// service with a sentence saying what to do, not with an OpenSSL code at the first connection (or
// worse, a listener that every browser refuses). Errors are values: TlsFileError carries a code.

export interface TlsFiles {
  /** PEM: the server certificate first, then the intermediates (the chain a client needs). */
  cert: string;
  key: string;
}

export type TlsFileErrorCode = 'TLS_UNREADABLE' | 'TLS_NOT_PEM' | 'TLS_KEY_MISMATCH' | 'TLS_EXPIRED';

export class TlsFileError extends Error {
  constructor(
    readonly code: TlsFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TlsFileError';
  }
}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT'
        ? 'no such file'
        : e.code === 'EACCES'
          ? 'permission denied: the service user must be able to read it (chmod 0640, group of the service user)'
          : e.message;
    throw new TlsFileError('TLS_UNREADABLE', `cannot read the ${what} ${file}: ${why}`);
  }
}

/** Reads and checks the certificate chain and key files; throws TlsFileError saying what to fix. */
export function loadTlsFiles(certFile: string, keyFile: string, now = new Date()): TlsFiles {
  const cert = read(certFile, 'TLS certificate');
  const key = read(keyFile, 'TLS private key');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch {
    throw new TlsFileError(
      'TLS_NOT_PEM',
      `${certFile} is not a PEM certificate (it must start with -----BEGIN CERTIFICATE-----; convert DER with: openssl x509 -inform der -in FILE -out FILE.pem)`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new TlsFileError(
      'TLS_NOT_PEM',
      `${keyFile} is not an unencrypted PEM private key (remove a passphrase with: openssl pkey -in FILE -out FILE.new)`,
    );
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new TlsFileError(
      'TLS_KEY_MISMATCH',
      `${keyFile} is not the key of the certificate in ${certFile} (${leaf.subject.replace(/\n/g, ', ')}): the server certificate must come first in the certificate file, and the key must be the one its request was made with`,
    );
  }
  if (new Date(leaf.validTo) < now) {
    throw new TlsFileError(
      'TLS_EXPIRED',
      `the certificate in ${certFile} expired on ${new Date(leaf.validTo).toISOString()}: renew it`,
    );
  }
  return { cert, key };
}
