import { defineMessages } from './types';

// The admin page of a resident's own record (renderer/admin/ResidentsPage.tsx): look up, export,
// print and erase on request (个人信息保护法 art. 45, 47).
export const adminResidents = defineMessages({
  'admin.nav.residents': { zh: '居民信息查询', en: "Resident's record" },
  'admin.login.noRight': {
    zh: '该账号无权使用管理页面（需管理员或主管）',
    en: 'This account cannot use the administration pages (admin or supervisor only)',
  },
  'residents.intro': {
    zh: '应居民本人请求查阅、导出或删除其个人信息。每次查询和删除都会连同原因记入审计日志。',
    en: "Look up, export or erase a resident's personal data at their request. Every lookup and erasure is audited with its reason.",
  },
  'residents.field.idNumber': { zh: '身份证号码', en: 'ID number' },
  'residents.field.reason': { zh: '原因（如申请编号）', en: 'Reason (e.g. the request number)' },
  'residents.lookup': { zh: '查询', en: 'Look up' },
  'residents.close': { zh: '结束并清除', en: 'Done (clear)' },
  'residents.notFound': { zh: '未找到该身份证号码的任何记录', en: 'Nothing is held under this ID number' },
  'residents.summary': {
    zh: '身份证号码 {id} · 姓名 {name} · 出生日期 {birth} · 首次记录 {first}',
    en: 'ID number {id} · name {name} · born {birth} · first recorded {first}',
  },
  'residents.identityErased': { zh: '（已删除）', en: '(erased)' },
  'residents.exportJson': { zh: '导出 JSON', en: 'Export JSON' },
  'residents.print': { zh: '打开打印页（可存为 PDF）', en: 'Open the printable page (save as PDF)' },
  'residents.erase': { zh: '删除个人信息…', en: 'Erase personal data…' },
  'residents.erase.title': { zh: '删除该居民的个人信息', en: "Erase this resident's personal data" },
  'residents.erase.warning': {
    zh: '删除后无法恢复。取号和预约记录保留为匿名记录以供统计。',
    en: 'This cannot be undone. Tickets and appointments stay as anonymous rows for the statistics.',
  },
  'residents.erase.confirm': {
    zh: '请输入身份证号码的后四位以确认',
    en: 'Type the last four characters of the ID number to confirm',
  },
  'residents.erase.submit': { zh: '确认删除', en: 'Erase' },
  'residents.erase.done': {
    zh: '已删除：取号 {tickets} 条，预约 {appointments} 条，视频办理 {videoCases} 件，材料 {documents} 份，表单 {forms} 份，评价 {ratings} 条',
    en: 'Erased: {tickets} tickets, {appointments} appointments, {videoCases} video cases, {documents} documents, {forms} forms, {ratings} ratings',
  },
  'residents.erase.identityKept': {
    zh: '身份信息暂未删除：以下记录仍需要它。办结后请再次提交删除。',
    en: 'The identity is kept for now: the records below still need it. Send the erasure again once they are closed.',
  },
  'residents.kept.ticket': { zh: '取号 {id} 尚未办结', en: 'Ticket {id} is still open' },
  'residents.kept.appointment': { zh: '预约 {id} 尚未到期', en: 'Appointment {id} is still to come' },
  'residents.kept.videoCase': { zh: '视频办理 {id} 尚未结束', en: 'Video case {id} is still open' },
  'residents.kept.followup': {
    zh: '视频办理 {id} 的评价整改尚未结束（保留评价内容）',
    en: "The follow-up of video case {id}'s rating is still open (its words are kept)",
  },
  'residents.kept.legalHold': {
    zh: '该居民处于法律保全中（保全 {id}），未删除任何信息。解除保全后可再次提交删除。',
    en: 'This resident is under a legal hold ({id}): nothing was erased. Send the erasure again once the hold is lifted.',
  },
  // Legal holds (renderer/admin/HoldPanel.tsx): district admins set and lift, supervisors see.
  'residents.hold.title': { zh: '法律保全', en: 'Legal hold' },
  'residents.hold.none': { zh: '未保全', en: 'Not on hold' },
  'residents.hold.active': {
    zh: '保全中：{reason}（{by} 于 {at} 设定，{until}）',
    en: 'On hold: {reason} (set by {by} on {at}, {until})',
  },
  'residents.hold.untilLifted': { zh: '直至解除', en: 'until lifted' },
  'residents.hold.untilDay': { zh: '至 {at} 止', en: 'ends {at}' },
  'residents.hold.past': {
    zh: '曾保全：{reason}（{at} 设定；{end}）',
    en: 'Held before: {reason} (set {at}; {end})',
  },
  'residents.hold.liftedBy': { zh: '{by} 于 {at} 解除：{reason}', en: 'lifted by {by} on {at}: {reason}' },
  'residents.hold.expired': { zh: '已到期', en: 'ended by its last day' },
  'residents.hold.set': { zh: '设置保全…', en: 'Put on hold…' },
  'residents.hold.lift': { zh: '解除保全…', en: 'Lift the hold…' },
  'residents.hold.setTitle': { zh: '设置法律保全', en: "Put this resident's data on legal hold" },
  'residents.hold.setWarning': {
    zh: '保全期间，保存期限到期清理和删除请求都不会删除该居民的任何信息。',
    en: "While held, neither the retention sweep nor an erasure request deletes any of this resident's data.",
  },
  'residents.hold.liftTitle': { zh: '解除法律保全', en: 'Lift the legal hold' },
  'residents.hold.liftWarning': {
    zh: '解除后，已超过保存期限的信息将在下一次清理时删除。',
    en: 'Once lifted, data past its retention period is erased by the next sweep.',
  },
  'residents.hold.field.reason': { zh: '保全原因（如案件编号）', en: 'Reason (e.g. the case number)' },
  'residents.hold.field.liftReason': { zh: '解除原因', en: 'Why the hold is lifted' },
  'residents.hold.field.until': { zh: '保全截止日（可不填）', en: 'Last day (optional)' },
  'residents.hold.submitSet': { zh: '确认保全', en: 'Put on hold' },
  'residents.hold.submitLift': { zh: '确认解除', en: 'Lift the hold' },
  'residents.col.documents': { zh: '材料', en: 'Documents' },
  'residents.col.identity': { zh: '身份信息', en: 'Identity' },
  'residents.held': { zh: '保存中', en: 'held' },
  'residents.gone': { zh: '已删除', en: 'erased' },
});
