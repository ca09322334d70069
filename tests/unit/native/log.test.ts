import { describe, expect, it } from 'vitest';
import { maskedRecord, redact } from '../../../native/log';
import { parseTextBlock } from '../../../native/idcard/text-block';
import { SIM_CARDS } from '../../../native/sim/cards';
import { encodeTextBlock } from '../../../native/sim/text-encode';

describe('personal data in logs', () => {
  it('a masked record shows no full name, ID number, pass number, address or photo', () => {
    for (const c of SIM_CARDS) {
      const r = parseTextBlock(encodeTextBlock(c.fields));
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const line = JSON.stringify(maskedRecord({ ...r.record, photoWlt: c.photo.toString('base64') }));
      expect(line).not.toContain(c.fields.idNumber);
      expect(line).not.toContain(c.fields.name);
      if (c.fields.address) expect(line).not.toContain(c.fields.address);
      if (c.fields.passNumber) expect(line).not.toContain(c.fields.passNumber);
      expect(line).not.toContain(c.photo.toString('base64').slice(0, 40));
    }
  });

  it('redacts ID numbers inside free text', () => {
    const id = SIM_CARDS[0]!.fields.idNumber;
    expect(redact(`read ${id} ok`)).toBe(`read ${id.slice(0, 6)}********${id.slice(-4)} ok`);
    expect(redact('legacy 310115850312001 here')).not.toContain('310115850312001');
  });
});
