import { defineMessages } from './types';

// The hall call board (renderer/display). Numbers and places only: nothing personal is ever shown.
export const display = defineMessages({
  'display.nowCalling': { zh: '正在叫号', en: 'Now calling' },
  'display.recentCalls': { zh: '最近叫号', en: 'Recent calls' },
  'display.goWindow': {
    zh: '请 {number} 号到 {window} 号窗口',
    en: 'Number {number}, please go to window {window}',
  },
  'display.goWindowAny': { zh: '请 {number} 号到窗口办理', en: 'Number {number}, please go to the windows' },
  'display.goVideo': {
    zh: '请 {number} 号在自助终端接听视频帮办',
    en: 'Number {number}, please answer the video call at the kiosk',
  },
  'display.toWindow': { zh: '{window} 号窗口', en: 'Window {window}' },
  'display.toWindowAny': { zh: '窗口办理', en: 'At a window' },
  'display.toVideo': { zh: '视频帮办', en: 'Video help' },
  'display.recall': { zh: '第 {n} 次重呼', en: 'Recall {n}' },
  'display.noCalls': { zh: '暂无叫号，请留意屏幕', en: 'No calls yet. Please watch this screen.' },
  'display.noCurrentCall': {
    zh: '当前无人被叫号，请留意屏幕',
    en: 'No one is being called now. Please watch this screen.',
  },
  'display.queues': { zh: '等候情况', en: 'Waiting now' },
  'display.col.service': { zh: '办理事项', en: 'Service' },
  'display.col.waiting': { zh: '等候人数', en: 'Waiting' },
  'display.col.estimate': { zh: '预计等候', en: 'Estimated wait' },
  'display.noQueues': { zh: '目前无人等候', en: 'Nobody is waiting now' },
  'display.noCentre': {
    zh: '请在地址中指定服务中心，例如 /display/?centre=c-zhangjiang',
    en: 'Add the centre to the address, e.g. /display/?centre=c-zhangjiang',
  },
  'display.unknownCentre': { zh: '没有找到该服务中心：{id}', en: 'No such centre: {id}' },
  'display.reconnecting': {
    zh: '与服务中心的连接中断，正在重新连接…',
    en: 'Lost the connection to the centre, reconnecting…',
  },
  'display.clock': { zh: '北京时间', en: 'Beijing time' },
  'display.sound': { zh: '开启叫号提示音', en: 'Turn on the call chime' },
  'display.privacy': {
    zh: '本屏只显示号码，不显示任何个人信息',
    en: 'This screen shows numbers only, never personal details',
  },
});
