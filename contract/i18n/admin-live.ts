import { defineMessages } from './types';

// Issue 12, live administration: what the kiosk says when its centre is closed today (a holiday, a
// closure or a day without opening hours, from the district calendar), and the deadline (办理时限)
// staff see on a case.
export const adminLive = defineMessages({
  'kiosk.closed.title': { zh: '今日休息', en: 'Closed today' },
  'kiosk.closed.body': {
    zh: '服务中心今天不办理窗口取号和视频帮办。您可以查看办事指南，或预约其他日期。',
    en: 'The service centre takes no window tickets and no video calls today. You can read the guide or book another day.',
  },
  'kiosk.closed.next': {
    zh: '下次开放：{month}月{day}日 {from}',
    en: 'Opens again on {date} at {from}',
  },
  'kiosk.closed.noNext': {
    zh: '暂无开放安排，请留意通知。',
    en: 'No opening is scheduled yet; watch for notices.',
  },
  'console.deadline': { zh: '办理时限至 {date}', en: 'Due by {date}' },
  'console.deadline.title': {
    zh: '承诺时限 {promised} 个工作日（法定 {legal} 个），按工作日历计算',
    en: 'Promised within {promised} working days (legal limit {legal}), by the working-day calendar',
  },
});
