import { describe, expect, it } from 'vitest';
import { envelopeJson, envelopeOf } from '../../../central/services/event-hub';

// An event read back from the log goes to WebSocket clients as its stored JSON text wrapped in the
// envelope: the message must be exactly what serializing the parsed envelope gives.

describe('envelopeOf / envelopeJson', () => {
  it('sends the stored text as JSON.stringify of the envelope would, and parses data on demand', () => {
    const data = {
      ticket: { number: 'A001', itemName: { zh: '居住证 "签注"\n', en: 'Residence \\ permit' } },
      queues: [{ waiting: 3, estimate: { known: true, minMinutes: 4, maxMinutes: 7 } }],
    };
    const row = {
      id: 42,
      centre_id: 'c-zhangjiang',
      type: 'ticket.issued',
      at: 1_772_416_800_123,
      data: JSON.stringify(data),
    };
    const e = envelopeOf(row);
    const expected = {
      id: 42,
      centreId: 'c-zhangjiang',
      type: 'ticket.issued',
      at: '2026-03-02T02:00:00.123Z',
      data,
    };
    expect(envelopeJson(e)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(e)).toBe(JSON.stringify(expected));
    expect(e).toEqual(expected);
  });
});
