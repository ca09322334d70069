import { describe, expect, it } from 'vitest';
import { encodeText, qrCommands } from '../../../native/printer/escpos';
import { PROFILES, TicketBuilder, wrap } from '../../../native/printer/layout';
import { appointmentSlip, caseReceipt, materialsList, queueTicket } from '../../../native/printer/layouts';
import { EscPosInterpreter, transcript, type Ticket } from '../../../native/sim/escpos-interpreter';

function interpret(bytes: Buffer): Ticket[] {
  const it = new EscPosInterpreter();
  const tickets: Ticket[] = [];
  let buf = bytes;
  // Bounded: each step consumes at least one byte or stops.
  for (let guard = 0; buf.length > 0 && guard < bytes.length; guard++) {
    const { used, effects } = it.step(buf);
    for (const fx of effects) if (fx.kind === 'ticket') tickets.push(fx.ticket);
    if (used === 0) break;
    buf = buf.subarray(used);
  }
  return tickets;
}

const centre = { zh: '花木街道社区事务受理服务中心', en: 'Huamu Centre' };
const service = { zh: '老年综合津贴申请', en: 'Senior allowance' };

describe('ticket layout builder', () => {
  it('encodes Chinese as GB18030 (hardware.md 2.2 example) in Chinese mode', () => {
    expect(encodeText('叫号 A001 请到3号窗口')).toEqual(
      Buffer.from('BD D0 BA C5 20 41 30 30 31 20 C7 EB B5 BD 33 BA C5 B4 B0 BF DA'.replace(/ /g, ''), 'hex'),
    );
    const bytes = new TicketBuilder().text('你好').bytes();
    // ESC @, ESC t 0, FS & before any text (receiptline order)
    expect(bytes.subarray(0, 7)).toEqual(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 0x00, 0x1c, 0x26]));
  });

  it('writes the GS ( k QR sequence of hardware.md 2.3', () => {
    const q = Buffer.from(qrCommands('https://x.example/1', 6, 'M'));
    expect(q.subarray(0, 9)).toEqual(Buffer.from('1D286B0400314132 00'.replace(/ /g, ''), 'hex'));
    expect(q.subarray(9, 17)).toEqual(Buffer.from('1D286B0300314306', 'hex'));
    expect(q.subarray(17, 25)).toEqual(Buffer.from('1D286B0300314531', 'hex'));
    expect(q.subarray(25, 33)).toEqual(Buffer.from([0x1d, 0x28, 0x6b, 22, 0, 0x31, 0x50, 0x30]));
    expect(q.subarray(-8)).toEqual(Buffer.from('1D286B0300315130', 'hex'));
  });

  it('wraps to the paper width counting Chinese as two columns and English at spaces', () => {
    expect(wrap('一二三四五六七八九十', 8)).toEqual(['一二三四', '五六七八', '九十']);
    expect(wrap('Keep this receipt safely please', 12)).toEqual(['Keep this', 'receipt', 'safely', 'please']);
  });

  it('a queue ticket reads back with every field the domain asks for, and nothing personal', () => {
    const [t] = interpret(
      queueTicket({
        centre,
        station: { zh: '牡丹居委家门口服务站', en: 'Mudan Station' },
        number: 'A031',
        service,
        channel: 'window',
        waitingAhead: 0,
        issuedAt: '2026-11-21T23:59:00Z',
        statusUrl: 'https://doorstep.example/t/1',
      }),
    );
    const text = transcript(t!);
    for (const s of [
      '花木街道',
      '牡丹居委',
      'A031',
      '老年综合津贴申请',
      '窗口办理 At a window',
      '前面还有 0 人',
      '2026-11-22 07:59',
      '[QR M https://doorstep.example/t/1]',
      '不含个人信息',
    ]) {
      expect(text).toContain(s);
    }
    const number = t!.elements.find((e) => e.kind === 'text' && e.text === 'A031');
    // The printer's largest size: 8 × 24 dots = 24 mm high, as Qmatic-style tickets print.
    expect(number).toMatchObject({ width: 8, height: 8, bold: true, align: 'center' });
    expect(t!.cut).toBe('partial');
    expect(t!.unknown).toEqual([]);
  });

  it('on 58 mm and 80 mm the number prints at the largest size on one line, and no line breaks mid-phrase', () => {
    for (const width of ['58mm', '80mm'] as const) {
      const [t] = interpret(
        queueTicket(
          {
            centre,
            station: { zh: '长远居委家门口服务站', en: 'Changyuan Doorstep Station' },
            number: 'D041',
            service,
            channel: 'window',
            waitingAhead: 3,
            issuedAt: '2026-11-21T23:59:00Z',
          },
          PROFILES[width],
        ),
      );
      const lines = t!.elements.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
      expect(
        t!.elements.find((e) => e.kind === 'text' && e.text === 'D041'),
        width,
      ).toMatchObject({
        width: 8,
        height: 8,
      });
      expect(
        lines.some((l) => l.includes('Changyuan Doorstep Station')),
        width,
      ).toBe(true);
      expect(
        lines.some((l) => l.trim() === 'Please keep it.'),
        width,
      ).toBe(true);
      expect(
        lines.some((l) => /^(Station|it\.)$/.test(l.trim())),
        width,
      ).toBe(false);
    }
  });

  it('an appointment slip says what, the day with its weekday, the time, when to check in, and the code as text and QR', () => {
    for (const width of ['58mm', '80mm'] as const) {
      const [slip] = interpret(
        appointmentSlip(
          {
            centre,
            station: { zh: '牡丹居委家门口服务站', en: 'Mudan Station' },
            service,
            startsAt: '2026-03-05T01:30:00Z', // Thursday 09:30 in Shanghai
            endsAt: '2026-03-05T02:00:00Z',
            checkInFrom: '2026-03-05T01:00:00Z',
            checkInTo: '2026-03-05T01:45:00Z',
            code: 'K7Q2M9AB',
          },
          PROFILES[width],
        ),
      );
      const text = transcript(slip!);
      for (const s of [
        '预约单',
        '老年综合津贴申请',
        '2026-03-05 周四 Thu',
        '09:30-10:00',
        '签到时间 09:00–09:45',
      ])
        expect(text, width).toContain(s);
      expect(text, width).toContain('K7Q2 M9AB');
      expect(text, width).toContain('[QR M K7Q2M9AB]');
    }
  });

  it('prints the 一次性告知 materials list and the 回执 receipt with missing materials', () => {
    const materials = [
      { name: { zh: '居民身份证', en: 'Resident ID card' }, copies: 1, original: true },
      { name: { zh: '户口簿', en: 'Household register' }, copies: 2, original: false },
    ];
    const [list] = interpret(
      materialsList({ service, materials, legalLimitDays: 20, promisedLimitDays: 5 }, PROFILES['58mm']),
    );
    expect(transcript(list!)).toMatch(
      /一次性告知[\s\S]*居民身份证[\s\S]*原件[\s\S]*户口簿[\s\S]*2 份\s+copies: 2[\s\S]*承诺时限 5/,
    );
    const [receipt] = interpret(
      caseReceipt({
        centre,
        caseNumber: 'PD-20261121-0042',
        service,
        outcome: 'more_materials',
        missing: materials.slice(1),
        at: new Date(),
        station: { zh: '长元居民区家门口服务站', en: 'Changyuan Doorstep Station' },
        agentName: '李帮办',
        statusUrl: 'https://pd.example/t/t-abc',
      }),
    );
    expect(transcript(receipt!)).toMatch(
      /办理回执[\s\S]*PD-20261121-0042[\s\S]*补充材料后再办[\s\S]*办结时间[\s\S]*长元居民区家门口服务站[\s\S]*经办人\s+李帮办[\s\S]*需补充的材料[\s\S]*户口簿[\s\S]*\[QR \w https:\/\/pd\.example\/t\/t-abc\][\s\S]*扫描二维码/,
    );
    // Without a phone page (no QR possible), the receipt does not promise one.
    const [plain] = interpret(
      caseReceipt({ centre, caseNumber: 'X-1', service, outcome: 'done', at: new Date() }),
    );
    expect(transcript(plain!)).not.toContain('二维码');
    expect(transcript(plain!)).toContain('凭受理编号到服务站查询');
  });
});
