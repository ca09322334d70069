import { defineMessages } from './types';

// The kiosk's call screens as the resident reads them from a step back (issue 15): who is calling,
// from where, and for which number.
export const kioskVideoLook = defineMessages({
  'kiosk.video.agentRole': { zh: '视频帮办人员', en: 'Video help agent' },
  'kiosk.video.ringFor': { zh: '为您办理 {ticket} 号', en: 'For your number {ticket}' },
  'kiosk.video.ringHint': {
    zh: '请点“接听”，在这块屏幕上与工作人员视频通话',
    en: 'Tap “Answer” to talk with the agent on this screen',
  },
});
