import { defineMessages } from './types';

// Call quality on poor networks (issue 19): the state on both screens, the console's advice, and the
// audio-only agreement. Never a raw state word on screen: every state has its text here.
export const videoQuality = defineMessages({
  'video.quality.good': { zh: '网络良好', en: 'Good connection' },
  'video.quality.poor': { zh: '网络较差', en: 'Poor connection' },
  'video.quality.very-poor': { zh: '网络很差', en: 'Very poor connection' },
  // Kiosk (the resident reads these)
  'video.quality.kiosk.poor': {
    zh: '网络较差，画面可能卡顿。请慢一点说话。',
    en: 'The connection is poor; the picture may stall. Please speak a little slower.',
  },
  'video.quality.kiosk.very-poor': {
    zh: '网络很差，工作人员可能建议改为仅语音通话。',
    en: 'The connection is very poor; the agent may suggest an audio-only call.',
  },
  'video.media.askAudio': {
    zh: '网络很差。改为仅语音通话吗？声音会更清楚，业务照常办理。',
    en: 'The connection is very poor. Switch to audio only? You will hear each other better; the case goes on.',
  },
  'video.media.askVideo': {
    zh: '恢复视频通话吗？',
    en: 'Switch the video back on?',
  },
  'video.media.yes': { zh: '同意', en: 'Yes' },
  'video.media.no': { zh: '保持现状', en: 'Keep as is' },
  'video.media.audioOnly': { zh: '仅语音通话中', en: 'Audio-only call' },
  // Console (the agent reads these)
  'console.quality.poorHint': {
    zh: '网络较差：查看证件请用“请求证件照片”（原图经 HTTP 上传），不要让居民把证件举到摄像头前。',
    en: 'Poor connection: use "request document photo" (sent at full resolution over HTTP) rather than having the resident hold the document to the camera.',
  },
  'console.quality.veryPoorHint': {
    zh: '网络很差：可建议改为仅语音通话，业务继续办理。',
    en: 'Very poor connection: offer an audio-only call; the case goes on.',
  },
  'console.quality.figures': {
    zh: '近 {s} 秒：丢包 收 {lin}% / 发 {lout}% · 卡顿 {freeze}% · 音频补偿 {conceal}% · 往返 {rtt} ms · {res} {fps} fps',
    en: 'Last {s} s: loss in {lin}% / out {lout}% · frozen {freeze}% · audio concealed {conceal}% · RTT {rtt} ms · {res} {fps} fps',
  },
  'console.media.offerAudio': { zh: '建议改为仅语音', en: 'Offer audio only' },
  'console.media.offerVideo': { zh: '建议恢复视频', en: 'Offer video again' },
  'console.media.waiting': { zh: '等待居民同意…', en: 'Waiting for the resident to agree…' },
  'console.media.declined': { zh: '居民希望保持现状', en: 'The resident prefers to keep it as is' },
});
