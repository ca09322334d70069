import { defineMessages } from './types';

// A resident's own record (central/services/data): the printable export's headings.
export const dataMessages = defineMessages({
  'data.record.title': { zh: '个人信息记录', en: 'Personal data record' },
  'data.record.notFound': {
    zh: '未找到该身份证号码的任何记录',
    en: 'Nothing is held under this ID number',
  },
  'data.record.generated': { zh: '生成时间：{at}', en: 'Generated: {at}' },
  'data.record.resident': { zh: '居民', en: 'Resident' },
  'data.record.idNumber': { zh: '身份证号码', en: 'ID number' },
  'data.record.name': { zh: '姓名', en: 'Name' },
  'data.record.birthDate': { zh: '出生日期', en: 'Birth date' },
  'data.record.firstSeen': { zh: '首次记录', en: 'First recorded' },
  'data.record.tickets': { zh: '取号记录', en: 'Tickets' },
  'data.record.appointments': { zh: '预约记录', en: 'Appointments' },
  'data.record.videoCases': { zh: '视频办理记录', en: 'Video cases' },
  'data.record.audit': { zh: '查阅与处理记录', en: 'Who viewed or handled this data' },
  'data.record.none': { zh: '无', en: 'None' },
  'data.col.number': { zh: '号码', en: 'Number' },
  'data.col.centre': { zh: '服务中心', en: 'Centre' },
  'data.col.item': { zh: '服务事项', en: 'Service item' },
  'data.col.status': { zh: '状态', en: 'Status' },
  'data.col.outcome': { zh: '结果', en: 'Outcome' },
  'data.col.time': { zh: '时间', en: 'Time' },
  'data.col.code': { zh: '预约码', en: 'Code' },
  'data.col.documents': { zh: '材料', en: 'Documents' },
  'data.col.forms': { zh: '表单', en: 'Forms' },
  'data.col.rating': { zh: '评价', en: 'Rating' },
  'data.col.actor': { zh: '操作人', en: 'By' },
  'data.col.action': { zh: '操作', en: 'Action' },
  // The dashboard's backup panel (renderer/dashboard/BackupPanel.tsx).
  'data.backup.title': { zh: '数据备份', en: 'Backups' },
  'data.backup.last': { zh: '上次备份：{at}', en: 'Last backup: {at}' },
  'data.backup.ok': { zh: '成功', en: 'succeeded' },
  'data.backup.failed': { zh: '失败', en: 'failed' },
  'data.backup.never': { zh: '尚无备份', en: 'No backup yet' },
  'data.backup.BACKUP_NOT_SCHEDULED': {
    zh: '未设置定时备份：数据丢失后无法恢复',
    en: 'No scheduled backup: lost data could not be restored',
  },
  'data.backup.BACKUP_MISSING': {
    zh: '超过两个周期没有成功的备份',
    en: 'No successful backup for more than two intervals',
  },
  'data.backup.BACKUP_FAILED': { zh: '上次备份失败', en: 'The last backup failed' },
});
