import type { HostErrorCode } from '../kiosk';
import { defineMessages, type Message } from './types';

// The kiosk host's own texts: its error codes (what happened, what to do next) and the lines of the
// technician test print. Device codes are in device.ts, API codes in errors.ts.

export const hostErrorText: Record<HostErrorCode, Message> = {
  NO_IDENTITY: {
    zh: '请先放置身份证或输入证件号码。',
    en: 'Please place your ID card or type your ID number first.',
  },
  NO_LEASED_NUMBERS: {
    zh: '网络中断，离线号码已用完。请到窗口取号或稍后再试。',
    en: 'Offline and the offline numbers are used up. Please take a number at a window or try later.',
  },
  NOT_ENROLLED: {
    zh: '本终端尚未登记到服务中心，请联系技术人员。',
    en: 'This kiosk is not enrolled with the service centre yet. Please ask a technician.',
  },
  CARD_NOT_ACCEPTED: {
    zh: '此证件暂不能在自助终端办理该事项，请到窗口办理。',
    en: 'This card cannot be used for this service at the kiosk. Please go to a window.',
  },
  SESSION_ENDED: {
    zh: '证件已取走，本次办理已结束。',
    en: 'The card was removed, so this session has ended.',
  },
};

export const kioskHost = defineMessages({
  'host.offlineTicket': {
    zh: '离线号码：网络恢复后自动同步',
    en: 'Offline number: synchronised when the network returns',
  },
  'host.testPrint.title': { zh: '打印测试：中文打印正常', en: 'Printer test: Chinese text prints correctly' },
  'host.testPrint.station': { zh: '站点：{station}', en: 'Station: {station}' },
  'host.testPrint.ports': {
    zh: '读卡器 {reader}，打印机 {printer}',
    en: 'Reader {reader}, printer {printer}',
  },
  'host.testPrint.link': { zh: '中心连接：{state}', en: 'Central link: {state}' },
  'host.link.online': { zh: '在线', en: 'online' },
  'host.link.offline': { zh: '离线', en: 'offline' },
});
