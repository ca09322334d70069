import type { Ctx } from '../context';
import { normaliseIdNumber } from '../residents';

// A resident is found by ID number through its keyed lookup hash only — never a search over
// plaintext (the record, its erasure and legal holds all start here).

export interface ResidentRow {
  id: string;
  id_enc: string;
  name_enc: string | null;
  birth_date: string | null;
  created_at: number | string;
}

export async function findResident(ctx: Ctx, rawIdNumber: string): Promise<ResidentRow | undefined> {
  const hash = ctx.pii.lookupHash(normaliseIdNumber(rawIdNumber));
  return ctx.db.get<ResidentRow>(
    'SELECT id, id_enc, name_enc, birth_date, created_at FROM residents WHERE id_hash = ?',
    [hash],
  );
}
