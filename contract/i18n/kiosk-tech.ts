import { defineMessages } from './types';

// Technician mode's port settings and test card read (renderer/kiosk/tech), and the serial QR scanner
// as the technician sees it. Chinese first, English second.
export const kioskTech = defineMessages({
  'kiosk.tech.scanner': { zh: '扫码器（串口）', en: 'QR scanner (serial)' },
  'kiosk.tech.ports.title': { zh: '端口设置', en: 'Port settings' },
  'kiosk.tech.ports.baud': { zh: '波特率', en: 'Baud rate' },
  'kiosk.tech.ports.none': { zh: '不使用', en: 'None' },
  'kiosk.tech.ports.choose': { zh: '请选择端口', en: 'Choose a port' },
  'kiosk.tech.ports.paper': { zh: '纸宽', en: 'Paper width' },
  'kiosk.tech.ports.qr': { zh: '凭条上打印二维码', en: 'QR code on tickets' },
  'kiosk.tech.ports.save': { zh: '保存并重新连接', en: 'Save and reconnect' },
  'kiosk.tech.ports.unchanged': { zh: '设置没有变化', en: 'Nothing was changed' },
  'kiosk.tech.ports.saved': {
    zh: '已保存，设备已按新设置重新连接，状态见上方。',
    en: 'Saved; the devices reconnected with the new settings (status above).',
  },
  'kiosk.tech.ports.detected': {
    zh: '检测到：阅读器 {reader}，打印机 {printer}（已填入并保存）',
    en: 'Found: reader {reader}, printer {printer} (filled in and saved)',
  },
  'kiosk.tech.card.waiting': {
    zh: '请在 {sec} 秒内放卡（卡已在感应区时请拿起再放）',
    en: 'Place a card within {sec} s (if one is on the reader, lift it and place it again)',
  },
  'kiosk.tech.card.none': { zh: '{sec} 秒内没有读到卡', en: 'No card was read within {sec} s' },
  'kiosk.tech.card.read': { zh: '读卡成功', en: 'Card read' },
  'kiosk.tech.card.type': { zh: '证件类型', en: 'Card type' },
  'kiosk.tech.card.name': { zh: '姓名', en: 'Name' },
  'kiosk.tech.card.id': { zh: '证件号码', en: 'Card number' },
  'kiosk.tech.card.expired': { zh: '证件已过期', en: 'The card has expired' },
  'kiosk.tech.card.valid': { zh: '证件在有效期内', en: 'The card is valid' },
  'kiosk.tech.cardType.resident': { zh: '居民身份证', en: 'Resident identity card' },
  'kiosk.tech.cardType.hmt_residence_permit': {
    zh: '港澳台居民居住证',
    en: 'Residence permit for Hong Kong, Macao and Taiwan residents',
  },
  'kiosk.tech.cardType.foreign_permanent': {
    zh: '外国人永久居留身份证（2017 版）',
    en: 'Foreign permanent resident ID card (2017)',
  },
  'kiosk.tech.media.title': { zh: '视频帮办设备测试', en: 'Video help devices' },
  'kiosk.tech.media.camera': { zh: '摄像头', en: 'Camera' },
  'kiosk.tech.media.microphone': { zh: '麦克风', en: 'Microphone' },
  'kiosk.tech.media.speaker': { zh: '扬声器', en: 'Speaker' },
  'kiosk.tech.media.document_camera': { zh: '高拍仪（文件摄像头）', en: 'Document camera' },
  'kiosk.tech.media.test': { zh: '测试', en: 'Test' },
  'kiosk.tech.media.running': { zh: '测试中…', en: 'Testing…' },
  'kiosk.tech.media.ok': { zh: '正常', en: 'OK' },
  'kiosk.tech.media.failed': { zh: '异常', en: 'Failed' },
  'kiosk.tech.media.notRun': { zh: '未测试', en: 'Not tested' },
  'kiosk.tech.media.speak': {
    zh: '请对着麦克风说话，电平条应随声音跳动',
    en: 'Speak into the microphone: the level bar should move',
  },
  'kiosk.tech.media.heardQ': {
    zh: '正在播放测试音，您听到了吗？',
    en: 'A test tone is playing. Can you hear it?',
  },
  'kiosk.tech.media.heard': { zh: '听到了', en: 'I hear it' },
  'kiosk.tech.media.notHeard': { zh: '没听到', en: 'Not heard' },
  'kiosk.tech.media.noDocCamera': {
    zh: '未找到第二个摄像头（高拍仪），请检查连接或在设置中指定名称',
    en: 'No second camera (document camera) found: check the cable, or set its name in the settings',
  },
  'kiosk.tech.media.noDevice': {
    zh: '未找到该设备或无权使用，请检查连接',
    en: 'The device was not found or may not be used: check the connection',
  },
  'kiosk.tech.cardType.foreign_permanent_2023': {
    zh: '外国人永久居留身份证（2023 版）',
    en: 'Foreign permanent resident ID card (2023)',
  },
});
