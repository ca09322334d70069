import { admin } from './admin';
import { adminLive } from './admin-live';
import { adminResidents } from './admin-residents';
import { central } from './central';
import { common } from './common';
import { consoleMessages } from './console';
import { dashboard } from './dashboard';
import { dataMessages } from './data';
import { display } from './display';
import { device } from './device';
import { kiosk } from './kiosk';
import { kioskHost } from './kiosk-host';
import { kioskTech } from './kiosk-tech';
import { kioskVideoLook } from './kiosk-video-look';
import { reports } from './reports';
import { video } from './video';
import { videoForms } from './video-forms';
import { provisioning } from './provisioning';
import { videoQuality } from './video-quality';
import { updates } from './updates';
import { identity } from './identity';
import { type Lang, type Message, format } from './types';

export * from './types';
export { errorText } from './errors';
export { deviceErrorText } from './device';
export { kioskDeviceText } from './kiosk';
export { hostErrorText } from './kiosk-host';

// Every message group of the product, merged. Add a group file per area and list it here.
export const messages = {
  ...common,
  ...central,
  ...device,
  ...kiosk,
  ...kioskHost,
  ...kioskTech,
  ...display,
  ...dashboard,
  ...video,
  ...consoleMessages,
  ...videoForms,
  ...videoQuality,
  ...admin,
  ...adminLive,
  ...reports,
  ...provisioning,
  ...dataMessages,
  ...updates,
  ...kioskVideoLook,
  ...adminResidents,
  ...identity,
} satisfies Record<string, Message>;
export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, lang: Lang, params?: Record<string, string | number>): string {
  return format(messages[key][lang], params);
}

/** A message with both languages, for content sent to another screen (e.g. pushed to a kiosk). */
export function bilingual(key: MessageKey, params?: Record<string, string | number>): Message {
  return { zh: t(key, 'zh', params), en: t(key, 'en', params) };
}

/** Both languages on one line, Chinese first ("取号 Take a number"), for paper and logs. */
export function both(key: MessageKey, params?: Record<string, string | number>): string {
  return `${t(key, 'zh', params)} ${t(key, 'en', params)}`;
}
