import { birthDateOfIdNumber, isValidIdNumber, upgradeLegacyIdNumber } from '../../contract/gb11643';
import { DoorstepError } from '../../contract/errors';
import type { Queryable } from '../db/db';
import type { PiiCipher } from '../security/pii';
import { newId } from '../security/secrets';

// Resident records: the ID number encrypted, found again by its keyed hash; the birth date kept
// (it decides age priority). A name, when given, is encrypted too.

export function normaliseIdNumber(raw: string): string {
  const v = raw.trim().toUpperCase();
  const id = v.length === 15 ? upgradeLegacyIdNumber(v) : v;
  if (!id || !isValidIdNumber(id)) {
    throw new DoorstepError('VALIDATION_FAILED', 'the ID number is not valid', [
      { path: 'idNumber', message: 'fails the GB 11643 check' },
    ]);
  }
  return id;
}

export async function residentIdFor(
  q: Queryable,
  pii: PiiCipher,
  rawIdNumber: string,
  name: string | undefined,
  now: number,
): Promise<{ id: string; birthDate: string }> {
  const idNumber = normaliseIdNumber(rawIdNumber);
  const hash = pii.lookupHash(idNumber);
  const birthDate = birthDateOfIdNumber(idNumber);
  const row = await q.get<{ id: string }>(
    `INSERT INTO residents (id, id_hash, id_enc, name_enc, birth_date, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id_hash) DO UPDATE SET name_enc = COALESCE(residents.name_enc, excluded.name_enc)
     RETURNING id`,
    [newId('r'), hash, pii.encrypt(idNumber), name ? pii.encrypt(name) : null, birthDate, now],
  );
  return { id: row!.id, birthDate };
}
