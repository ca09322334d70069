import { defineMessages } from './types';

// The staff console's agent flows for every ticket (window and video): the current ticket and its
// actions, parked tickets, transfer with a note, errors and the keyboard help. The call and case panel
// strings are in video.ts.
export const consoleMessages = defineMessages({
  // Actions (the key is shown beside each, from the shortcut list)
  'console.act.callNext': { zh: '呼叫下一位', en: 'Call next' },
  'console.act.callSelected': { zh: '呼叫所选', en: 'Call selected' },
  'console.act.select': { zh: '在队列中上下选择', en: 'Move the selection in the queue' },
  'console.act.recall': { zh: '重呼', en: 'Recall' },
  'console.act.ringAgain': { zh: '重新呼叫终端', en: 'Ring the kiosk again' },
  'console.act.start': { zh: '开始办理', en: 'Start serving' },
  'console.act.noShow': { zh: '过号', en: 'No-show' },
  'console.act.finish': { zh: '办结提交', en: 'Finish' },
  'console.act.outcome': { zh: '选择办理结果', en: 'Choose the outcome' },
  'console.act.park': { zh: '挂起', en: 'Park' },
  'console.act.resume': { zh: '恢复办理', en: 'Resume' },
  'console.act.transfer': { zh: '转移…', en: 'Transfer…' },
  'console.act.mute': { zh: '静音开关', en: 'Mute on/off' },
  'console.act.camera': { zh: '摄像头开关', en: 'Camera on/off' },
  'console.act.endCall': { zh: '结束通话', en: 'End the call' },
  'console.act.requestDoc': { zh: '请求证件照片', en: 'Request a document photo' },
  'console.act.requestSign': { zh: '请求签名', en: 'Request a signature' },
  'console.act.pushChecklist': { zh: '推送材料清单', en: 'Show the checklist on the kiosk' },
  'console.act.pushForm': { zh: '推送表单', en: 'Push the chosen form' },
  // The current ticket
  'console.current.title': { zh: '当前号码', en: 'Current ticket' },
  'console.current.none': {
    zh: '暂无当前号码，按 N 呼叫下一位。',
    en: 'No current ticket. Press N to call the next one.',
  },
  'console.status.called': { zh: '已呼叫，等候居民到场', en: 'Called, waiting for the resident' },
  'console.status.serving': { zh: '办理中', en: 'Serving' },
  'console.status.parked': { zh: '已挂起', en: 'Parked' },
  'console.channel.window': { zh: '窗口办理', en: 'At a window' },
  'console.channel.video': { zh: '视频帮办', en: 'Video help' },
  'console.recalls': { zh: '已重呼 {n} 次', en: 'Recalled {n} time(s)' },
  'console.transferredBy': { zh: '由 {name} 转来', en: 'Transferred by {name}' },
  'console.transferNoteShown': { zh: '转交备注：{note}', en: 'Transfer note: {note}' },
  'console.busyHint': {
    zh: '请先办结、挂起或转移当前号码，再呼叫下一位。',
    en: 'Finish, park or transfer the current ticket before calling the next one.',
  },
  'console.pausedHint': {
    zh: '您已暂停接待，请先恢复接待。',
    en: 'You are paused. Resume before calling.',
  },
  'console.resumeHint': {
    zh: '请先办结、挂起或转移当前号码，再恢复挂起的号码。',
    en: 'Finish, park or transfer the current ticket before resuming a parked one.',
  },
  'console.noVideoCall': {
    zh: '通话未连接：可重新呼叫终端，或直接办结。',
    en: 'No call is connected: ring the kiosk again, or finish the ticket.',
  },
  // Parked tickets
  'console.parked.title': { zh: '我挂起的号码', en: 'My parked tickets' },
  // Queue flags
  'console.flag.priorityReason.age': { zh: '优先：70 岁以上', en: 'Priority: aged 70+' },
  'console.flag.priorityReason.disability': {
    zh: '优先：残疾人（核对证件）',
    en: 'Priority: disability (check certificate)',
  },
  'console.flag.priorityReason.service_member': {
    zh: '优先：现役军人（核对证件）',
    en: 'Priority: service member (check certificate)',
  },
  'console.flag.forYou': { zh: '转给您', en: 'For you' },
  'console.flag.transferred': { zh: '转来', en: 'Transferred' },
  // Transfer dialog
  'console.transfer.title': { zh: '转移 {ticket}', en: 'Transfer {ticket}' },
  'console.transfer.toAgent': { zh: '转给坐席', en: 'To an agent' },
  'console.transfer.toGroup': { zh: '转给技能组', en: 'To a skill group' },
  'console.transfer.toItem': { zh: '转为其他事项', en: 'To another item' },
  'console.transfer.target': { zh: '转给', en: 'Transfer to' },
  'console.transfer.choose': { zh: '请选择…', en: 'Choose…' },
  'console.transfer.note': { zh: '给下一位坐席的备注', en: 'Note for the next agent' },
  'console.transfer.submit': { zh: '确认转移', en: 'Transfer' },
  'console.transfer.hint': { zh: 'Enter 确认 · Esc 取消', en: 'Enter to transfer · Esc to cancel' },
  'console.transfer.loading': { zh: '正在加载坐席和技能组…', en: 'Loading agents and skill groups…' },
  'console.transfer.done': { zh: '{ticket} 已转移', en: '{ticket} transferred' },
  'console.agent.available': { zh: '空闲', en: 'available' },
  'console.agent.paused': { zh: '暂停', en: 'paused' },
  'console.agent.offline': { zh: '离线', en: 'offline' },
  'console.agent.signedIn': { zh: '已登录', en: 'signed in' },
  'console.agent.signedOut': { zh: '未登录', en: 'signed out' },
  // The connection to central (banner) and actions refused or unconfirmed while it is away
  'console.offline.banner': {
    zh: '与中心服务的连接已中断，正在重新连接…队列和状态暂不更新，操作暂不能执行。',
    en: 'The connection to the central service is lost; reconnecting… The queue and states are not updated and actions cannot be carried out meanwhile.',
  },
  'console.offline.back': { zh: '连接已恢复，队列已更新。', en: 'Connected again; the queue is up to date.' },
  'console.offline.refused': {
    zh: '未连接中心服务，操作未执行。连接恢复后请再操作一次。',
    en: 'Not connected to the central service: the action was not carried out. Do it again once the connection is back.',
  },
  'console.offline.unconfirmed': {
    zh: '连接中断，无法确认操作是否完成。连接恢复后请查看号码状态，必要时再操作一次。',
    en: 'The connection dropped: it is not known whether the action was carried out. Once connected, check the ticket and repeat it if needed.',
  },
  // The agent's state as the pill in the agent bar shows it
  'console.state.available': { zh: '空闲可接', en: 'Available' },
  'console.state.calling': { zh: '呼叫中', en: 'Calling' },
  'console.state.serving': { zh: '办理中', en: 'Serving' },
  'console.state.in_call': { zh: '视频通话中', en: 'In a video call' },
  'console.state.paused': { zh: '暂停：{reason}', en: 'Paused: {reason}' },
  // A video ticket's state before the call is connected
  'console.status.ringing': {
    zh: '正在呼叫终端，等候居民接听',
    en: 'Ringing the kiosk, waiting for the resident to answer',
  },
  'console.status.videoCalled': {
    zh: '已呼叫，视频尚未接通',
    en: 'Called; the video call is not connected',
  },
  // Pause reasons offered as choices (free text is still possible)
  'console.pauseReason.break': { zh: '休息', en: 'Break' },
  'console.pauseReason.meeting': { zh: '会议', en: 'Meeting' },
  'console.pauseReason.backOffice': { zh: '后台处理', en: 'Back-office work' },
  'console.pauseReason.training': { zh: '培训', en: 'Training' },
  'console.pauseReason.other': { zh: '其他（请填写）', en: 'Other (type it)' },
  'console.pauseReason.choose': { zh: '暂停原因…', en: 'Reason…' },
  // The queue table's channel column and the case documents
  'console.col.channel': { zh: '渠道', en: 'Channel' },
  'console.channelShort.window': { zh: '窗口', en: 'Window' },
  'console.channelShort.video': { zh: '视频', en: 'Video' },
  'console.doc.photo': { zh: '证件照片 {w}×{h}', en: 'Document photo {w}×{h}' },
  'console.doc.signature': { zh: '签名 {w}×{h}', en: 'Signature {w}×{h}' },
  // Sounds for a new video ticket and a call that waits too long
  'console.sound.on': { zh: '提示音：开', en: 'Sound: on' },
  'console.sound.off': { zh: '提示音：关', en: 'Sound: off' },
  'console.act.sound': { zh: '提示音开关', en: 'Sound on/off' },
  // Today's figures in the agent bar
  'console.today.title': { zh: '我今天的数据', en: 'My figures today' },
  'console.today.served': { zh: '今日办结', en: 'Served today' },
  'console.today.avg': { zh: '平均用时', en: 'Avg time' },
  'console.today.minutes': { zh: '分钟', en: 'min' },
  'console.today.ratings': { zh: '我的评价', en: 'My rating' },
  // The call's link state under the video
  'console.link.new': { zh: '准备中', en: 'Starting' },
  'console.link.connecting': { zh: '正在连接', en: 'Connecting' },
  'console.link.connected': { zh: '已连接', en: 'Connected' },
  'console.link.reconnecting': { zh: '正在重新连接', en: 'Reconnecting' },
  'console.link.closed': { zh: '通话已结束', en: 'Call ended' },
  // Errors
  'console.errorDetail': { zh: '详情：{detail}', en: 'Detail: {detail}' },
  'console.errorUnknown': { zh: '操作未完成。', en: 'The action did not complete.' },
  'console.dismiss': { zh: '关闭', en: 'Dismiss' },
  // Keyboard help
  'console.help.title': { zh: '快捷键', en: 'Keyboard shortcuts' },
  'console.help.typing': {
    zh: '在输入框中输入时快捷键不生效。',
    en: 'Shortcuts do nothing while you type in a field.',
  },
});
