import { z } from 'zod';
import { Bilingual } from './catalog';
import { FieldError } from './errors';
import { CardType } from './idcard';
import { TicketOutcome } from './ticket';
import { FormId, FormTemplateId, FormValues } from './video-forms';

// Remote video assistance (远程视频帮办, domain.md): the case around one video ticket, its signaling
// over the case-scoped WebSocket /api/v1/video/ws, TURN credentials, documents, signatures, ratings
// (好差评) and follow-ups (整改). docs/video.md describes the flow.

const isoTime = z.string().datetime({ offset: true });

export const CaseStatus = z.enum([
  'ringing', // the kiosk rings, waiting for the resident to accept
  'missed', // not accepted within the ring time limit (central recalls the ticket, then marks it no-show)
  'declined', // the resident pressed decline
  'active', // in the call
  'reconnecting', // ICE restart under way
  'returned', // the call could not be restored: the ticket went back to the queue head for the agent
  'ended', // finished with an outcome
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** The identity the agent sees while serving (from the kiosk's card read; stored encrypted). */
export const CaseIdentity = z.object({
  name: z.string().nullable(),
  /** Masked ID number (310115********1234): the full number never leaves the kiosk host. */
  idMasked: z.string(),
  age: z.number().int().nonnegative().nullable(),
  cardType: CardType.nullable(),
});
export type CaseIdentity = z.infer<typeof CaseIdentity>;
/** GET /api/v1/video/cases/{id}/identity: null when the resident was not identified by card. */
export const CaseIdentityResponse = z.object({ identity: CaseIdentity.nullable() });

export const TimelineEntry = z.object({
  at: isoTime,
  kind: z.string(),
  actor: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const VideoCase = z.object({
  id: z.string(),
  /** Case number printed on the receipt (回执), e.g. VC20261122-0007. */
  caseNumber: z.string(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  centreId: z.string(),
  stationId: z.string().nullable(),
  kioskId: z.string().nullable(),
  agentId: z.string(),
  agentName: z.string(),
  itemId: z.string(),
  status: CaseStatus,
  outcome: TicketOutcome.nullable(),
  /** Material names the agent ticked as seen. */
  materialsTicked: z.array(z.string()),
  /** 补材料: what the resident must bring next time (printed on the receipt, 一次性告知). */
  missingMaterials: z.array(Bilingual),
  notes: z.string(),
  createdAt: isoTime,
  ringUntil: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  /** Where the resident follows the case on a phone: the ticket's status page (null without a public URL). */
  statusUrl: z.string().url().nullable().optional(),
  rated: z.boolean(),
  timeline: z.array(TimelineEntry),
});
export type VideoCase = z.infer<typeof VideoCase>;

/** POST /api/v1/video/cases: the agent opens the case of a video ticket they called; the kiosk rings. */
export const OpenCaseRequest = z.object({ ticketId: z.string().min(1) });
export const AcceptCaseRequest = z.object({ identity: CaseIdentity.nullable().default(null) });
export const NotesRequest = z.object({ text: z.string().trim().min(1).max(2000) });
export const MaterialsRequest = z.object({ ticked: z.array(z.string().max(200)).max(100) });
export const FinishCaseRequest = z.object({
  outcome: TicketOutcome,
  missingMaterials: z.array(Bilingual).max(50).default([]),
  note: z.string().max(2000).optional(),
});
export type FinishCaseRequest = z.input<typeof FinishCaseRequest>;
/** Network trouble reported by either side: reconnecting, restored, or given up after 30 s. */
export const LinkReport = z.object({ state: z.enum(['reconnecting', 'restored', 'lost']) });
export type LinkReport = z.infer<typeof LinkReport>;

export const DocumentKind = z.enum(['photo', 'signature']);
/** POST /api/v1/video/cases/{id}/documents (kiosk): a confirmed still or a signature image. */
export const UploadDocumentRequest = z.object({
  kind: DocumentKind,
  mime: z.enum(['image/jpeg', 'image/png']),
  width: z.number().int().positive().max(10_000),
  height: z.number().int().positive().max(10_000),
  /** base64 of the image bytes (at most ~12 MB). */
  dataBase64: z.string().min(1).max(16_000_000),
  /** For a signature: the text the resident signed. */
  signedText: z.string().max(2000).optional(),
});
export type UploadDocumentRequest = z.infer<typeof UploadDocumentRequest>;
export const CaseDocument = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: DocumentKind,
  mime: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  signedText: z.string().nullable(),
  createdAt: isoTime,
});
export type CaseDocument = z.infer<typeof CaseDocument>;

/** 好差评 five levels: 5 非常满意 … 1 非常不满意. 2 or less asks for a reason and opens a follow-up. */
export const RatingLevel = z.number().int().min(1).max(5);
export const RateRequest = z
  .object({ level: RatingLevel, reason: z.string().trim().max(500).optional() })
  .refine((r) => r.level > 2 || (r.reason ?? '').length > 0, {
    path: ['reason'],
    message: 'a rating of 不满意 or worse needs a reason',
  });
export type RateRequest = z.infer<typeof RateRequest>;
export const Rating = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  level: RatingLevel,
  reason: z.string().nullable(),
  createdAt: isoTime,
  followUpId: z.string().nullable(),
});
export type Rating = z.infer<typeof Rating>;

export const FollowUp = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  centreId: z.string(),
  level: RatingLevel,
  reason: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: isoTime,
  /** Last service day (Asia/Shanghai) to close it: N working days after opening. */
  dueDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  closedAt: isoTime.nullable(),
  closedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  /** The case behind it, for the supervisor: ticket, service, station, agent and when it was served. */
  ticketNumber: z.string().optional(),
  itemId: z.string().optional(),
  stationId: z.string().nullable().optional(),
  stationName: Bilingual.nullable().optional(),
  agentName: z.string().optional(),
  caseAt: isoTime.optional(),
});
export type FollowUp = z.infer<typeof FollowUp>;
export const CloseFollowUpRequest = z.object({ resolution: z.string().trim().min(1).max(2000) });

/** GET /api/v1/video/turn-credentials: ICE servers; TURN username `<expiry>:<id>`, HMAC-SHA1 credential. */
export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;
export const IceConfig = z.object({
  iceServers: z.array(IceServer),
  /** 'relay' forces TURN (diagnostics, tests); 'all' is normal. */
  iceTransportPolicy: z.enum(['all', 'relay']),
  expiresAt: isoTime.nullable(),
});
export type IceConfig = z.infer<typeof IceConfig>;

/** GET/PUT /api/v1/admin/video-config (admin): stored by the central service. */
export const VideoConfig = z.object({
  stunUrls: z.array(z.string()).default([]),
  turnUrls: z.array(z.string()).default([]),
  /** coturn static-auth-secret (use-auth-secret). Never returned by GET. */
  turnSecret: z.string().min(16).nullable().default(null),
  turnTtlSec: z.number().int().min(60).max(86_400).default(3600),
  iceTransportPolicy: z.enum(['all', 'relay']).default('all'),
  ringTimeoutSec: z.number().int().min(5).max(300).default(45),
  reconnectLimitSec: z.number().int().min(5).max(300).default(30),
  documentRetentionHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(72),
  followUpWorkingDays: z.number().int().min(1).max(60).default(15),
  /** Extra non-working days (public holidays) as YYYY-MM-DD; weekends never count. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  /** Weekend days that are working days (调休), YYYY-MM-DD. */
  workingWeekends: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
});
export type VideoConfig = z.infer<typeof VideoConfig>;
/** PUT /api/v1/admin/video-config: the fields to change (no defaults: the others keep their values). */
export const VideoConfigPatch = z.object(
  Object.fromEntries(Object.entries(VideoConfig.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
    [K in keyof typeof VideoConfig.shape]: z.ZodOptional<ReturnType<(typeof VideoConfig.shape)[K]['unwrap']>>;
  },
);
export const VideoConfigView = VideoConfig.omit({ turnSecret: true }).extend({ turnSecretSet: z.boolean() });
export type VideoConfigView = z.infer<typeof VideoConfigView>;

/** Pushed by the agent to the kiosk screen. */
export const PushBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('checklist'), title: Bilingual, items: z.array(Bilingual).max(50) }),
  /** A short form from the catalogue (contract/video-forms.ts); `formId` ties the reply to it. */
  z.object({ kind: z.literal('form'), formId: FormId, templateId: FormTemplateId }),
  z.object({ kind: z.literal('document.request'), label: Bilingual }),
  z.object({ kind: z.literal('signature.request'), text: z.string().min(1).max(2000) }),
  z.object({ kind: z.literal('clear') }),
]);
export type PushBody = z.infer<typeof PushBody>;

/** What the parties exchange through the relay (the server checks who may send which kind). */
export const RelayBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sdp'), type: z.enum(['offer', 'answer']), sdp: z.string().max(100_000) }),
  z.object({
    kind: z.literal('ice'),
    candidate: z.string().max(2000),
    sdpMid: z.string().nullable(),
    sdpMLineIndex: z.number().int().nullable(),
  }),
  z.object({ kind: z.literal('ready') }), // the kiosk has media and waits for the offer
  z.object({ kind: z.literal('hangup') }),
  z.object({ kind: z.literal('push'), push: PushBody }),
  /** The resident's answers; central checks them against the pushed form's template before relaying. */
  z.object({ kind: z.literal('form.reply'), formId: FormId, values: FormValues }),
  /** The resident closed the form without answering. */
  z.object({ kind: z.literal('form.cancel'), formId: FormId }),
  z.object({ kind: z.literal('document.uploaded'), document: CaseDocument }),
  /**
   * Audio-only by agreement (poor networks): one side proposes a mode (`video` false: both cameras off,
   * audio kept; true: back to video), the other accepts or declines; both switch on `accept`.
   */
  z.object({ kind: z.literal('media'), video: z.boolean(), step: z.enum(['propose', 'accept', 'decline']) }),
]);
export type RelayBody = z.infer<typeof RelayBody>;
/** Kinds only the agent may send. */
export const AGENT_ONLY: ReadonlyArray<RelayBody['kind']> = ['push'];
/** Kinds only the kiosk may send. */
export const KIOSK_ONLY: ReadonlyArray<RelayBody['kind']> = [
  'ready',
  'form.reply',
  'form.cancel',
  'document.uploaded',
];

export const VideoRole = z.enum(['agent', 'kiosk']);
export type VideoRole = z.infer<typeof VideoRole>;

/** Client → server on /api/v1/video/ws. */
export const SignalClientMessage = z.object({
  type: z.literal('relay'),
  caseId: z.string(),
  body: RelayBody,
});
export type SignalClientMessage = z.infer<typeof SignalClientMessage>;

/** Server → client on /api/v1/video/ws: only the case's agent and kiosk receive a case's messages. */
export const SignalServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), role: VideoRole, principalId: z.string() }),
  z.object({ type: z.literal('relay'), caseId: z.string(), from: VideoRole, body: RelayBody }),
  z.object({ type: z.literal('case'), case: VideoCase }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    /** What the refused message referred to (e.g. the form id of a refused reply). */
    ref: z.string().optional(),
    /** Per-field problems of a refused form reply: path = field id, message = i18n key. */
    fields: z.array(FieldError).optional(),
  }),
]);
export type SignalServerMessage = z.infer<typeof SignalServerMessage>;

/** Receipt (回执) lines the host prints after a video case. */
export const CaseReceipt = z.object({
  caseNumber: z.string(),
  ticketNumber: z.string(),
  itemName: Bilingual,
  outcome: TicketOutcome,
  missingMaterials: z.array(Bilingual),
  endedAt: isoTime,
});
export type CaseReceipt = z.infer<typeof CaseReceipt>;
