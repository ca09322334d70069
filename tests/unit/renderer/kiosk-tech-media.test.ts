import { describe, expect, it } from 'vitest';
import { MIC_OK_DBFS, cameraDetail, dbfs, meterOf, rmsOf } from '../../../renderer/kiosk/tech/media';

describe('technician media test measurements', () => {
  it('tells silence from a tone', () => {
    const silence = new Float32Array(1024);
    const tone = Float32Array.from({ length: 1024 }, (_, i) => 0.25 * Math.sin((2 * Math.PI * i) / 32));
    expect(dbfs(rmsOf(silence))).toBe(-100);
    expect(dbfs(rmsOf(tone))).toBe(-15); // 0.25 peak sine: rms 0.177
    expect(dbfs(rmsOf(tone))).toBeGreaterThan(MIC_OK_DBFS);
    const hiss = Float32Array.from({ length: 1024 }, (_, i) => (i % 2 ? 1 : -1) * 0.001);
    expect(dbfs(rmsOf(hiss))).toBeLessThan(MIC_OK_DBFS);
  });

  it('draws the meter from −60 dBFS (empty) to 0 dBFS (full)', () => {
    expect(meterOf(0)).toBe(0);
    expect(meterOf(0.001)).toBe(0);
    expect(meterOf(1)).toBe(1);
    expect(meterOf(0.1)).toBeCloseTo(2 / 3, 2);
  });

  it('describes a camera in a line a technician can read, bounded', () => {
    expect(cameraDetail('USB Camera', 640, 480, 12)).toBe('USB Camera 640×480, 12 frames');
    expect(cameraDetail('', 1, 1, 1)).toBe('camera 1×1, 1 frames');
    expect(cameraDetail('x'.repeat(300), 1, 1, 1)).toHaveLength(200);
  });
});
