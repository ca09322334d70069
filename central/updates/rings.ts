import { createHash } from 'node:crypto';
import type { RolloutRing } from '../../contract/updates';

// Which ring of the rollout a kiosk is in (the maintenance window and the signature check are in
// contract/update-rules.ts, shared with the kiosk's updater).

/**
 * A kiosk's place in [0, 100): the first 32 bits of sha256(kiosk id), scaled. The same kiosk always
 * lands in the same place, so raising the percentage only adds kiosks, and a kiosk asking twice gets
 * the same answer (issue 14).
 */
export function bucketOf(kioskId: string): number {
  const h = createHash('sha256').update(`doorstep-rollout:${kioskId}`).digest();
  return (h.readUInt32BE(0) / 2 ** 32) * 100;
}

export function ringOf(
  kiosk: { kioskId: string; stationId: string },
  rollout: { pilotStationIds: readonly string[]; percent: number },
): RolloutRing {
  if (rollout.pilotStationIds.includes(kiosk.stationId)) return 'pilot';
  return bucketOf(kiosk.kioskId) < rollout.percent ? 'staged' : 'rest';
}
