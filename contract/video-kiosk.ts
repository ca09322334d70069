import { z } from 'zod';
import {
  CaseDocument,
  IceConfig,
  LinkReport,
  Rating,
  RelayBody,
  SignalServerMessage,
  UploadDocumentRequest,
  VideoCase,
} from './video';

// The video part of window.doorstep (contract/kiosk.ts spreads these in): the kiosk renderer reaches
// the case, the signaling relay and the ICE configuration only through the host, which holds the
// station token. Host → renderer, case changes and relayed messages arrive as `video` events.

const Empty = z.object({}).strict();
const CaseRef = z.object({ caseId: z.string().min(1) });
const PrintResult = z.object({ printed: z.boolean(), reason: z.string().nullable() });

export const VIDEO_CHANNELS = {
  /** Starts the host's signaling link (idempotent) and returns the station's live case, if any. */
  'video.watch': { request: Empty, response: z.object({ case: VideoCase.nullable() }) },
  /** ICE servers with fresh TURN credentials minted by the central service. */
  'video.ice': { request: Empty, response: IceConfig },
  /** Accepts the ringing call; the host attaches the masked identity of the session for the agent. */
  'video.accept': { request: CaseRef, response: VideoCase },
  'video.decline': { request: CaseRef, response: VideoCase },
  'video.signal': { request: CaseRef.extend({ body: RelayBody }), response: Empty },
  'video.link': { request: CaseRef.extend({ state: LinkReport.shape.state }), response: VideoCase },
  'video.upload': { request: CaseRef.extend({ document: UploadDocumentRequest }), response: CaseDocument },
  'video.rate': {
    request: CaseRef.extend({
      level: z.number().int().min(1).max(5),
      reason: z.string().max(500).optional(),
    }),
    response: Rating,
  },
  /** Prints the 回执 for an ended case (case number, outcome, missing materials). */
  'video.receipt': { request: CaseRef, response: PrintResult },
} as const;

export const VideoKioskEvent = z.object({
  type: z.literal('video'),
  message: SignalServerMessage,
});
export type VideoKioskEvent = z.infer<typeof VideoKioskEvent>;
