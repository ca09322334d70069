import { z } from 'zod';
import {
  CaseDocument,
  IceConfig,
  LinkReport,
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

/** The kiosk's video hardware settings (kiosk.json), for the renderer. */
export const KioskVideoSettings = z.object({
  /** The document camera (高拍仪) by its device label as configured; null: found by its name, else the
   * main camera. */
  documentCamera: z.object({ label: z.string().nullable() }),
});
export type KioskVideoSettings = z.infer<typeof KioskVideoSettings>;

/** A rating handed to the host: it is kept in the host's outbox until central has it. */
export const RateResult = z.object({
  /** Central has it now; false: central could not be reached, the host sends it when it can. */
  delivered: z.boolean(),
});
export type RateResult = z.infer<typeof RateResult>;

export const VIDEO_CHANNELS = {
  /** Starts the host's signaling link (idempotent) and returns the station's live case, if any. */
  'video.watch': { request: Empty, response: z.object({ case: VideoCase.nullable() }) },
  /** The kiosk's video hardware settings (the document camera). */
  'video.settings': { request: Empty, response: KioskVideoSettings },
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
    response: RateResult,
  },
  /** Prints the 回执 for an ended case (case number, outcome, missing materials). */
  'video.receipt': { request: CaseRef, response: PrintResult },
} as const;

export const VideoKioskEvent = z.object({
  type: z.literal('video'),
  message: SignalServerMessage,
});
export type VideoKioskEvent = z.infer<typeof VideoKioskEvent>;
