import type { DeviceProblemCode } from '../device-problems';
import { defineMessages, type Message } from './types';

// Printed paper (queue ticket, 一次性告知 materials list, 回执 receipt, test ticket) and device
// problems. Paper carries both languages, Chinese first (the `both` helper).
export const device = defineMessages({
  'ticket.title': { zh: '排队凭条', en: 'Queue ticket' },
  'ticket.number': { zh: '您的号码', en: 'Your number' },
  'ticket.service': { zh: '办理事项', en: 'Service' },
  'ticket.channel': { zh: '办理方式', en: 'Channel' },
  'ticket.ahead': { zh: '前面还有 {n} 人', en: '{n} ahead of you' },
  'ticket.issuedAt': { zh: '取号时间', en: 'Issued' },
  'ticket.scan': { zh: '扫码查看排队进度', en: 'Scan to follow your turn' },
  'ticket.listen': {
    zh: '请留意叫号，过号需重新取号。',
    en: 'Listen for your number; if missed, take a new one.',
  },
  'materials.title': { zh: '一次性告知：所需材料', en: 'Materials to bring (complete list)' },
  'materials.copies': { zh: '{n} 份', en: 'copies: {n}' },
  'materials.original': { zh: '原件', en: 'original' },
  'materials.photocopy': { zh: '复印件', en: 'photocopy' },
  'materials.limits': {
    zh: '法定时限 {legal} 个工作日，承诺时限 {promised} 个工作日',
    en: 'Legal limit {legal} working days, promised {promised}',
  },
  'materials.none': { zh: '无需材料', en: 'No materials needed' },
  'receipt.title': { zh: '办理回执', en: 'Case receipt' },
  'receipt.caseNumber': { zh: '受理编号', en: 'Case number' },
  'receipt.outcome': { zh: '办理结果', en: 'Outcome' },
  'receipt.missing': { zh: '需补充的材料', en: 'Materials still needed' },
  'receipt.keep': {
    zh: '请保留本回执。扫描二维码可随时查看办理进度，也可凭受理编号到服务站查询。',
    en: 'Keep this receipt. Scan the code to follow your case, or ask at a service station with the case number.',
  },
  'receipt.keepNoQr': {
    zh: '请保留本回执，凭受理编号到服务站查询办理进度。',
    en: 'Keep this receipt. Ask at a service station with the case number to follow your case.',
  },
  'receipt.finishedAt': { zh: '办结时间', en: 'Finished' },
  'receipt.station': { zh: '服务站', en: 'Station' },
  'receipt.agent': { zh: '经办人', en: 'Handled by' },
  'outcome.done': { zh: '办结', en: 'Completed' },
  'outcome.to_window': { zh: '转窗口办理', en: 'Sent to a window' },
  'outcome.appointment': { zh: '已预约', en: 'Appointment booked' },
  'outcome.more_materials': { zh: '补充材料后再办', en: 'Come back with materials' },
  'printer.testTitle': { zh: '打印测试', en: 'Printer test' },
  'printer.testLine': { zh: '中文打印正常：家门口服务站', en: 'Chinese text prints correctly' },
  'device.idcardReader': { zh: '身份证阅读器', en: 'ID card reader' },
  'device.ticketPrinter': { zh: '凭条打印机', en: 'Ticket printer' },
});

// Each device problem code (contract/device-problems.ts) mapped once to what a resident or technician
// reads: what happened, what next. The kiosk page, the host's errors and the technician page share it.
export const deviceErrorText: Record<DeviceProblemCode, Message> = {
  DEVICE_NOT_FOUND: {
    zh: '设备未连接，请告知工作人员。',
    en: 'A device is not connected. Please tell staff.',
  },
  DEVICE_DISCONNECTED: {
    zh: '设备连接中断，正在重新连接。',
    en: 'The device was disconnected; reconnecting.',
  },
  DEVICE_TIMEOUT: { zh: '设备无响应，请稍后再试。', en: 'A device did not answer. Please try again.' },
  DEVICE_BAD_REPLY: {
    zh: '设备通讯异常，请稍后再试。',
    en: 'The device sent an unexpected reply. Please try again.',
  },
  DEVICE_BUSY: { zh: '设备忙，请稍候。', en: 'The device is busy. Please wait.' },
  IDCARD_SAM_FAULT: {
    zh: '身份证阅读器故障，请联系工作人员。',
    en: 'The ID card reader is faulty. Please ask staff.',
  },
  IDCARD_HOST_FRAME: {
    zh: '读卡通讯出错，请重新放卡。',
    en: 'A reading error occurred. Please place the card again.',
  },
  IDCARD_NO_CARD: { zh: '请将身份证放在感应区。', en: 'Please place your ID card on the reader.' },
  IDCARD_SELECT_FAILED: {
    zh: '读卡失败，请重新放卡。',
    en: 'The card could not be read. Please place it again.',
  },
  IDCARD_READ_FAILED: { zh: '读卡失败，请重新放卡。', en: 'The card could not be read. Place it again.' },
  IDCARD_UNKNOWN_CARD: {
    zh: '无法识别此卡，请使用身份证或手动输入号码。',
    en: 'This card is not recognised. Use an ID card or type the number.',
  },
  IDCARD_AUTH_FAILED: {
    zh: '证件校验失败，请到窗口办理。',
    en: 'The card failed verification. Please go to a window.',
  },
  IDCARD_NO_CONTENT: { zh: '证件中没有该项信息。', en: 'The card holds no such information.' },
  IDCARD_BAD_RECORD: {
    zh: '证件信息无法识别，请到窗口办理。',
    en: 'The card data could not be read. Please go to a window.',
  },
  DEVICE_PAPER_OUT: {
    zh: '打印机缺纸，请告知工作人员。',
    en: 'The printer is out of paper. Please tell staff.',
  },
  DEVICE_COVER_OPEN: {
    zh: '打印机盖未关好，请告知工作人员。',
    en: 'The printer cover is open. Please tell staff.',
  },
  DEVICE_OFFLINE: { zh: '打印机离线，请告知工作人员。', en: 'The printer is offline. Please tell staff.' },
  DEVICE_CUTTER_ERROR: {
    zh: '打印机切纸故障，请告知工作人员。',
    en: 'The printer cutter is jammed. Please tell staff.',
  },
  DEVICE_PRINTER_ERROR: {
    zh: '打印机故障，请告知工作人员。',
    en: 'The printer has a fault. Please tell staff.',
  },
  PRINT_JOB_UNKNOWN: { zh: '没有找到该打印任务。', en: 'That print job was not found.' },
  PRINT_UNCONFIRMED: {
    zh: '打印机无法回报状态，请查看凭条是否已打出。',
    en: 'The printer cannot report back. Please check whether the ticket came out.',
  },
  DEVICE_PAPER_NEAR_END: { zh: '打印纸即将用完。', en: 'The paper is running low.' },
};
