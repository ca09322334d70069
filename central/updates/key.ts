import { existsSync, readFileSync } from 'node:fs';
import { importUpdateKey } from '../../contract/update-rules';

/**
 * The district's update public key: DOORSTEP_UPDATE_PUBLIC_KEY holds the PEM itself or the path of a
 * PEM file. Absent, central runs but refuses to register releases (503) rather than accept unsigned ones.
 */
export async function districtKeyOf(value: string | undefined): Promise<CryptoKey | null> {
  if (!value) return null;
  const pem = value.includes('-----BEGIN') ? value : existsSync(value) ? readFileSync(value, 'utf8') : '';
  const key = await importUpdateKey(pem);
  if (!key) throw new Error('DOORSTEP_UPDATE_PUBLIC_KEY is not an Ed25519 public key (PEM or a PEM file)');
  return key;
}
