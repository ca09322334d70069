import { defineMessages } from './types';

// The kiosk's "not provisioned" page (main/host/provisioning): shown on a fresh kiosk until it is
// enrolled, for the technician standing in front of it.

export const provisioning = defineMessages({
  'provision.title': { zh: '本终端尚未配置', en: 'This kiosk is not provisioned' },
  'provision.outOfService': {
    zh: '本终端暂停服务，请到窗口办理。',
    en: 'This kiosk is out of service. Please go to a service window.',
  },
  'provision.scan': {
    zh: '技术人员：请用本机扫码器扫描终端登记单上的二维码。',
    en: "Technician: scan the QR code of the kiosk enrollment sheet with this kiosk's scanner.",
  },
  'provision.usb': {
    zh: '或插入存有 provision.json 的 U 盘。',
    en: 'Or insert a USB stick holding provision.json.',
  },
  'provision.central': { zh: '服务中心：{url}', en: 'Central: {url}' },
  'provision.noCentral': {
    zh: '未设置服务中心地址：请用 provision.json 或含中心地址的配置二维码。',
    en: 'No central address set: use provision.json or a provisioning QR code that includes it.',
  },
  'provision.enrolling': { zh: '正在登记，请稍候……', en: 'Enrolling, please wait…' },
  'provision.enrolled': { zh: '登记成功，正在启动终端……', en: 'Enrolled. Starting the kiosk…' },
  'provision.error.PROVISION_INVALID': {
    zh: '扫描或文件内容不是终端登记码，请扫描登记单上的二维码。',
    en: 'What was scanned or read is not a kiosk enrollment code. Scan the QR code on the enrollment sheet.',
  },
  'provision.error.NO_CENTRAL': {
    zh: '只扫到了登记码，但本终端没有服务中心地址：请用 provision.json。',
    en: 'Only a code was scanned and this kiosk has no central address: use provision.json.',
  },
  'provision.error.UNAVAILABLE': {
    zh: '无法连接服务中心：请检查网线和地址，然后再扫一次。',
    en: 'Central cannot be reached: check the network cable and the address, then scan again.',
  },
  'provision.error.ENROLL_REFUSED': {
    zh: '服务中心拒绝了该登记码（已用过或已过期）：请在管理页面重新生成登记单。',
    en: 'Central refused the code (already used or expired): print a new enrollment sheet in the admin pages.',
  },
  'provision.error.OTHER': {
    zh: '登记失败（{code}）：详见终端日志。',
    en: 'Enrollment failed ({code}): see the kiosk log.',
  },
});
