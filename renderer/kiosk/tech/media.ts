// Measurements for technician mode's media tests (pure, so they are unit-tested without devices).

/** Root mean square of one block of samples (-1…1): the microphone's level. */
export function rmsOf(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** A level as dBFS, rounded (−∞ shown as −100). */
export function dbfs(rms: number): number {
  return rms <= 0 ? -100 : Math.max(-100, Math.round(20 * Math.log10(rms)));
}

/**
 * Heard something: a peak of −40 dBFS or louder. A connected, muted or broken microphone stays near
 * digital silence (below −60 dBFS); speech a step away reaches −30 to −10.
 */
export const MIC_OK_DBFS = -40;

/** The meter's width, 0…1, from a level: −60 dBFS and below empty, 0 dBFS full. */
export function meterOf(rms: number): number {
  return Math.min(1, Math.max(0, (dbfs(rms) + 60) / 60));
}

/** The words a technician reads about a camera that showed a picture. */
export function cameraDetail(label: string, width: number, height: number, frames: number): string {
  return `${label || 'camera'} ${width}×${height}, ${frames} frames`.slice(0, 200);
}
