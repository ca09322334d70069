import type { ServiceItem } from '../../../contract/catalog';
import type { PrintOutcome } from '../../../contract/kiosk';
import type { VideoCase } from '../../../contract/video';
import type { HostContext } from '../services/context';

// The 回执 after a video case, through the printer the host drives: case number, outcome, when and
// where it was finished and by whom (经办人), for 补材料 the missing materials (一次性告知), and the QR
// of the case's phone page, where the resident follows it. Nothing of the resident is printed.

export async function printReceipt(
  ctx: HostContext,
  c: VideoCase,
  item: ServiceItem,
  centre: { zh: string; en: string },
  station?: { zh: string; en: string },
): Promise<PrintOutcome> {
  if (!c.outcome || !c.endedAt) return { printed: false, reason: 'INVALID_TRANSITION' };
  const problem = await ctx.devices.printerProblem();
  if (problem) return { printed: false, reason: problem };
  const missing = c.missingMaterials.map((name) => ({ name, copies: 1, original: false }));
  return ctx.devices.print({
    kind: 'receipt',
    centre,
    caseNumber: c.caseNumber,
    service: item.name,
    outcome: c.outcome,
    missing,
    at: c.endedAt,
    ...(station ? { station } : {}),
    agentName: c.agentName,
    ...(c.statusUrl ? { statusUrl: c.statusUrl } : {}),
  });
}
