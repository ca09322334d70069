import type { Message } from './types';

// "Typed identity is not a verified identity" (issue 11): what staff see on a ticket whose resident
// typed an ID number or checked in with an appointment code, and what the kiosk says instead of
// listing appointments after a typed number. Chinese first.
export const identity = {
  'console.unverified': {
    zh: '未核验 — 请在窗口核对身份证',
    en: 'Unverified — check the ID at the counter',
  },
  // The queue row is narrow (about 500 px on a 1366×768 counter PC): the short word there, the full
  // instruction in its tooltip and on the ticket being served.
  'console.unverified.short': { zh: '未核验', en: 'Unverified' },
  'console.identifiedBy.card': { zh: '读卡识别', en: 'Identified by ID card read' },
  'console.identifiedBy.typed': { zh: '手动输入的身份证号', en: 'ID number typed in' },
  'console.identifiedBy.code': { zh: '凭预约码签到', en: 'Checked in with an appointment code' },
  'console.identifiedBy.none': { zh: '未提供身份', en: 'No identity given' },
  'kiosk.appt.typedNote': {
    zh: '为保护个人信息，手动输入身份证号时不显示预约列表。请刷身份证或扫描预约码查看；也可以直接为现在的预约签到。',
    en: 'To protect personal data, appointments are not listed after a typed ID number. Place your ID card or scan your appointment code to see them, or check in for an appointment due now.',
  },
  'kiosk.appt.checkInNow': { zh: '为现在的预约签到', en: 'Check in for my appointment now' },
} satisfies Record<string, Message>;
