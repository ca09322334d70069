import type { HostErrorCode } from '../kiosk';
import { defineMessages, type Message } from './types';

// The kiosk host's own texts: its error codes (what happened, what to do next) and the lines of the
// technician test print. Device codes are in device.ts, API codes in errors.ts.

export const hostErrorText: Record<HostErrorCode, Message> = {
  USB_WRITE_FAILED: {
    zh: '无法写入U盘（可能已满、写保护或已拔出），请换一个U盘后重试。',
    en: 'Could not write to the USB stick (full, write-protected or removed). Try another stick.',
  },
  NO_IDENTITY: {
    zh: '请先放身份证或输入身份证号。',
    en: 'Please place your ID card or type your ID number first.',
  },
  NO_LEASED_NUMBERS: {
    zh: '网络中断，本机可离线发放的号码已用完。请到服务中心窗口取号，或稍后再试。',
    en: 'Offline, and this kiosk has no numbers left to issue. Please take a ticket at the centre, or try later.',
  },
  NOT_ENROLLED: {
    zh: '本终端尚未登记到服务中心，请联系工作人员。',
    en: 'This kiosk is not registered with the service centre yet. Please ask staff.',
  },
  CARD_NOT_ACCEPTED: {
    zh: '此证件暂不能在本机取号，请到服务中心窗口办理或联系工作人员。',
    en: 'This card cannot be used to take a number here. Please go to a window at the centre or ask staff.',
  },
  SESSION_ENDED: {
    zh: '证件已取走，本次办理已结束。如需继续，请重新放卡。',
    en: 'The card was removed and the session ended. Place it again to continue.',
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
  // The page the kiosk window shows when the kiosk cannot start (main/electron/startup.ts).
  'host.startFailed.outOfService': {
    zh: '本终端暂停服务，请到窗口办理。',
    en: 'This kiosk is out of service. Please go to a service window.',
  },
  'host.startFailed.title': {
    zh: '终端无法启动（技术人员请看）',
    en: 'The kiosk could not start (for the technician)',
  },
  'host.startFailed.atLine': { zh: '{file} 第 {line} 行', en: '{file} line {line}' },
  'host.startFailed.atLineColumn': {
    zh: '{file} 第 {line} 行第 {column} 列',
    en: '{file} line {line} column {column}',
  },
  'host.startFailed.config': {
    zh: '设置文件有误：{where}：{detail}',
    en: 'Settings file error: {where}: {detail}',
  },
  'host.startFailed.fixConfig': {
    zh: '请改正该文件（{path}），或重新配置终端（npm run kiosk -- --provision …）。',
    en: 'Fix the file ({path}) or provision the kiosk again (npm run kiosk -- --provision …).',
  },
  'host.startFailed.access': {
    zh: '没有权限读写终端数据：{detail}',
    en: 'No permission to read or write the kiosk data: {detail}',
  },
  'host.startFailed.fixAccess': {
    zh: '请检查数据文件夹 {path} 的所有者和权限（应属于运行终端的用户）。',
    en: 'Check the owner and permissions of the data folder {path} (it must belong to the kiosk user).',
  },
  'host.startFailed.disk': { zh: '磁盘已满：{detail}', en: 'The disk is full: {detail}' },
  'host.startFailed.fixDisk': { zh: '请清理磁盘空间。', en: 'Free some disk space.' },
  'host.startFailed.other': { zh: '启动出错：{detail}', en: 'Start-up error: {detail}' },
  'host.startFailed.fixOther': {
    zh: '详情见日志 {log}；无法解决时请联系技术支持。',
    en: 'See the log {log}; call support if you cannot fix it.',
  },
  'host.startFailed.retry': {
    zh: '终端将在 {sec} 秒后自动重试；问题解决后会自行启动，无需重启。',
    en: 'The kiosk tries again in {sec} s and starts by itself once the problem is fixed; no restart needed.',
  },
});
