import { defineMessages } from './types';

// The public ticket status page (the ticket's QR code) served by the central service.
export const central = defineMessages({
  'status.title': { zh: '排队进度', en: 'Your place in the queue' },
  'status.number': { zh: '您的号码', en: 'Your number' },
  'status.ahead': { zh: '前面还有 {n} 人', en: '{n} ahead of you' },
  'status.estimate': { zh: '预计等候', en: 'Estimated wait' },
  'status.called': { zh: '已叫号，请前往办理', en: 'Your number has been called. Please go now.' },
  'status.serving': { zh: '正在办理', en: 'Being served' },
  'status.finished': { zh: '本号已结束', en: 'This ticket is closed' },
  'status.service': { zh: '办理事项', en: 'Service' },
  'status.station': { zh: '服务站', en: 'Station' },
  'status.outcome': { zh: '办理结果', en: 'Outcome' },
  'status.caseNumber': { zh: '受理编号', en: 'Case number' },
  'status.waiting': { zh: '排队中', en: 'Waiting' },
  'status.calledWindow': { zh: '请到 {counter} 号窗口', en: 'Please go to window {counter}' },
  'status.calledNoWindow': {
    zh: '已叫到您的号码，请到窗口办理',
    en: 'You are called: please go to the windows',
  },
  'status.calledVideo': {
    zh: '工作人员正在呼叫您，请在终端屏幕上接听',
    en: 'An agent is calling you: answer on the kiosk screen',
  },
  'status.videoStay': {
    zh: '视频帮办：请留在终端前等候呼叫',
    en: 'Video help: please stay at the kiosk for the call',
  },
  'status.live': { zh: '本页自动更新，无需刷新', en: 'This page updates by itself' },
  'status.notFound': {
    zh: '没有找到该号码，请向工作人员咨询。',
    en: 'This ticket was not found. Please ask staff.',
  },
});
