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
  'status.refresh': { zh: '页面每 30 秒自动刷新', en: 'This page refreshes every 30 seconds' },
  'status.notFound': {
    zh: '没有找到该号码，请向工作人员咨询。',
    en: 'This ticket was not found. Please ask staff.',
  },
});
