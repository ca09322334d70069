// The surface of native/ for the kiosk host: device drivers, ticket layouts, auto-detect and the
// simulators that speak the same bytes (architecture decision 6).

export { IdCardReader, type IdCardReaderOptions, type IdCardReaderEvents } from './idcard/reader';
export type { PhotoDecoder } from './idcard/read-reply';
export { parseTextBlock } from './idcard/text-block';
export { TicketPrinter, type TicketPrinterOptions, type PrintJobInput } from './printer/printer';
export type { StoredJob } from './printer/job-queue';
export { describeStatus } from './printer/status';
export { TicketBuilder, PROFILES, type PaperProfile, type TextStyle } from './printer/layout';
export {
  queueTicket,
  materialsList,
  caseReceipt,
  testTicket,
  type QueueTicketData,
  type MaterialsListData,
  type CaseReceiptData,
  type CaseOutcome,
} from './printer/layouts';
export { detectDevices, defaultCandidatePorts, type DetectOptions } from './detect';
export { DeviceError } from './errors';
export { maskedRecord, redact, type Logger } from './log';
export { createPtyPair, type PtyPair } from './pty/socat-pair';
export { startIdCardSimulator, type IdCardSimulator, type IdCardSimulatorOptions } from './sim/idcard-sim';
export {
  startPrinterSimulator,
  type PrinterSimulator,
  type PrinterSimulatorOptions,
  type PrintedTicket,
} from './sim/printer-sim';
export { SIM_CARDS, type SimCard } from './sim/cards';
