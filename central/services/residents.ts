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

/** The row of a resident as stored: keyed hash, sealed ID number and name, birth date. */
export interface ResidentValues {
  hash: string;
  /** The hashes under the ring's older keys: set only while a key rotation is under way. */
  oldHashes: string[];
  birthDate: string;
  /** Parameters of UPSERT_RESIDENT, in order. */
  params: [string, string, string, string | null, string, number];
}

export function residentValues(
  pii: PiiCipher,
  rawIdNumber: string,
  name: string | undefined,
  now: number,
): ResidentValues {
  const idNumber = normaliseIdNumber(rawIdNumber);
  const [hash, ...oldHashes] = pii.lookupHashes(idNumber);
  const birthDate = birthDateOfIdNumber(idNumber);
  return {
    hash: hash!,
    oldHashes,
    birthDate,
    params: [newId('r'), hash!, pii.encrypt(idNumber), name ? pii.encrypt(name) : null, birthDate, now],
  };
}

/**
 * Inserts a resident or finds them by keyed hash; returns the id. Callers pass a name from a card read
 * only (issue 11), so a name given replaces the stored one: the latest card read is right, and a name
 * stored before that rule (from a typed entry or a booking) gives way to the card's.
 */
export const UPSERT_RESIDENT = `INSERT INTO residents (id, id_hash, id_enc, name_enc, birth_date, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id_hash) DO UPDATE SET name_enc = COALESCE(excluded.name_enc, residents.name_enc)
     RETURNING id`;

export async function residentIdFor(
  q: Queryable,
  pii: PiiCipher,
  rawIdNumber: string,
  name: string | undefined,
  now: number,
): Promise<{ id: string; birthDate: string }> {
  return upsertResident(q, residentValues(pii, rawIdNumber, name, now));
}

export async function upsertResident(
  q: Queryable,
  v: ResidentValues,
): Promise<{ id: string; birthDate: string }> {
  if (v.oldHashes.length) {
    // A key rotation is under way: a resident still filed under an older key's hash is moved to the
    // current key first, so the upsert below finds them instead of adding a second record.
    await q.run(`UPDATE residents SET id_hash = ?, id_enc = ? WHERE id_hash IN (${marks(v.oldHashes)})`, [
      v.hash,
      v.params[2],
      ...v.oldHashes,
    ]);
  }
  const row = await q.get<{ id: string }>(UPSERT_RESIDENT, v.params);
  return { id: row!.id, birthDate: v.birthDate };
}

/** "?, ?, ?" for an IN list of the values. */
export function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
