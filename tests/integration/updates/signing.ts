import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { releaseManifest } from '../../../contract/updates';

// A district key pair made for the test, and releases signed with it as the district's release
// tooling would (docs/deployment.md, "Releasing an update").

export interface DistrictKey {
  publicPem: string;
  privateKey: KeyObject;
  sign(version: string, sha512: string): string;
}

export function districtKey(): DistrictKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey,
    sign: (version, sha512) =>
      sign(null, Buffer.from(releaseManifest(version, sha512)), privateKey).toString('base64'),
  };
}

export const sha512Of = (data: Buffer | string) => createHash('sha512').update(data).digest('hex');
