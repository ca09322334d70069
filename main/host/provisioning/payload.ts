import { ENROLL_CODE_PATTERN, ProvisionFile } from '../../../contract/provisioning';

// What a technician hands a fresh kiosk, read into one shape: a provision.json, or a scanned QR. The
// enrollment sheet's QR (central/services/admin/enrollment-sheet.ts) holds the code alone, so a bare
// code enrolls with the central the kiosk already knows (baked into the image: npm run image --
// --central URL); a provisioning QR carries it: the same JSON as provision.json, or
// doorstep-provision:?central=URL&code=CODE[&rotation=90].

export type PayloadResult =
  | { ok: true; value: ProvisionFile }
  | { ok: false; code: 'PROVISION_INVALID' | 'NO_CENTRAL'; detail: string };

const invalid = (detail: string): PayloadResult => ({ ok: false, code: 'PROVISION_INVALID', detail });

function fromObject(raw: unknown): PayloadResult {
  const parsed = ProvisionFile.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  // Field names only: the values may hold the code or a PIN, which stay out of the log.
  return invalid(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
}

/** provision.json's text. */
export function parseProvisionFile(text: string): PayloadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return invalid(`not JSON: ${(err as Error).message}`);
  }
  return fromObject(raw);
}

/** A scanned text; `knownCentral` is the central a bare code enrolls with (null: none known). */
export function parseScan(text: string, knownCentral: string | null): PayloadResult {
  const s = text.trim();
  if (s.startsWith('{')) return parseProvisionFile(s);
  if (/^doorstep-provision:/i.test(s)) {
    const q = new URLSearchParams(s.slice(s.indexOf(':') + 1).replace(/^\?/, ''));
    const rotation = q.get('rotation');
    return fromObject({
      central: q.get('central') ?? undefined,
      enrollCode: q.get('code') ?? undefined,
      ...(rotation !== null ? { rotation: Number(rotation) } : {}),
    });
  }
  if (ENROLL_CODE_PATTERN.test(s)) {
    if (!knownCentral) return { ok: false, code: 'NO_CENTRAL', detail: 'a bare code and no central URL set' };
    return fromObject({ central: knownCentral, enrollCode: s });
  }
  return invalid(`not an enrollment code (${s.length} characters)`);
}
