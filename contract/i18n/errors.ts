import type { ErrorCode } from '../errors';
import type { Message } from './types';

// Each error code mapped once to what a person reads: what happened and what to do next.
export const errorText: Record<ErrorCode, Message> = {
  BAD_REQUEST: { zh: '请求有误，请重试。', en: 'The request was not understood. Please try again.' },
  VALIDATION_FAILED: {
    zh: '填写的信息有误，请检查后重试。',
    en: 'Some details are not valid. Please check and try again.',
  },
  UNAUTHENTICATED: { zh: '请先登录。', en: 'Please sign in first.' },
  FORBIDDEN: {
    zh: '没有权限进行此操作，请联系管理员。',
    en: 'You are not allowed to do this. Please ask an administrator.',
  },
  NOT_FOUND: { zh: '没有找到相关记录。', en: 'Nothing was found.' },
  CONFLICT: {
    zh: '记录已被他人更改，请刷新后重试。',
    en: 'Someone else changed this. Refresh and try again.',
  },
  VERSION_CONFLICT: {
    zh: '其他人已修改了这条记录，请刷新查看最新内容后再修改。',
    en: 'Someone else changed this record. Reload to see their changes, then edit again.',
  },
  REQUEST_IN_PROGRESS: {
    zh: '上一次提交仍在处理中，请稍后再试。',
    en: 'The first try is still being processed. Please wait a moment and try again.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    zh: '该请求编号已用于其他操作，请重新操作。',
    en: 'This request ID was already used for something else. Please start again.',
  },
  INVALID_TRANSITION: { zh: '当前状态下不能进行此操作。', en: 'This cannot be done in the current state.' },
  TICKET_ALREADY_CALLED: { zh: '该号码已被呼叫。', en: 'This number has already been called.' },
  RATE_LIMITED: { zh: '操作过于频繁，请稍后再试。', en: 'Too many attempts. Please wait a moment.' },
  OUTSIDE_CHECK_IN_WINDOW: {
    zh: '不在签到时间内：请在预约的签到时间内签到，或改为普通取号。',
    en: "Outside the check-in window: check in during the appointment's check-in time, or take a normal ticket.",
  },
  SLOT_FULL: { zh: '该时段已约满，请选择其他时段。', en: 'This time slot is full. Please choose another.' },
  BOOKING_BLOCKED: {
    zh: '近期多次预约未到，暂时不能预约，可直接取号办理。',
    en: 'Booking is paused after repeated missed appointments. You can still take a ticket.',
  },
  PAYLOAD_TOO_LARGE: { zh: '内容过大，请缩小后重试。', en: 'This is too large. Please make it smaller.' },
  UNAVAILABLE: {
    zh: '服务暂时不可用，请稍后再试或到窗口办理。',
    en: 'The service is unavailable for now. Try again later or go to a window.',
  },
  INTERNAL: {
    zh: '系统出错了，请稍后再试或联系工作人员。',
    en: 'Something went wrong. Try again later or ask staff.',
  },
};
