/**
 * CSV for the audit export (RFC 4180: CRLF rows, quoted fields, doubled quotes), with a UTF-8
 * BOM so Excel on Windows reads the Chinese correctly, and the OWASP "CSV injection" guard: a
 * cell that a spreadsheet would treat as a formula (= + - @, tab, CR) is prefixed with '.
 */
import { AUDIT_RESULTS } from '@dz/contracts';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema.js';

export const CSV_BOM = '\uFEFF';

export function csvCell(value: unknown): string {
  let s = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** One CSV line with its CRLF, so an export can be written row by row. */
export function csvRow(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return CSV_BOM + [header, ...rows].map(csvRow).join('');
}

/** ISO UTC → “2026-11-28 09:30:00” in 北京时间 (UTC+8, no daylight saving), as staff read it. */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export const ACTOR_TYPES = { staff: '工作人员', user: '市民', system: '系统' } as const;

/** Chinese names of the actions the console writes; other features may add theirs. */
export const ACTION_NAMES: Record<string, string> = {
  'staff.login': '登录',
  'staff.logout': '退出登录',
  'staff.password.change': '修改本人密码',
  'staff.otp.start': '开始绑定动态验证码',
  'staff.otp.enrol': '绑定动态验证码',
  'staff.list': '查询工作人员',
  'staff.read': '查看工作人员',
  'staff.create': '新建工作人员',
  'staff.update': '修改工作人员',
  'staff.password.reset': '重置工作人员密码',
  'staff.otp.reset': '重置工作人员动态验证码',
  'role.list': '查看角色',
  'role.create': '新建角色',
  'role.update': '修改角色',
  'role.delete': '删除角色',
  'role.seed': '内置角色补充权限（升级）',
  'department.list': '查询部门',
  'department.create': '新建部门',
  'department.update': '修改部门',
  'department.delete': '删除部门',
  'audit.view': '查看审计日志',
  'audit.export': '导出审计日志',
  'audit.export.download': '下载导出的审计日志',
  'form.read': '查看表单',
  'form.create': '新建表单',
  'form.draft': '保存表单草稿',
  'form.publish': '发布表单',
  'form.restore': '恢复表单版本',
  'form.status': '表单上线 / 下线',
  'workflow.list': '查看流程列表',
  'workflow.read': '查看流程',
  'workflow.publish': '发布流程',
  'case.list': '查询办件',
  'case.view': '查看办件',
  'case.view-full': '查看办件完整个人信息',
  'case.file': '查看办件材料',
  'case.action': '办理办件',
  'case.stats': '查看办件统计',
  'case.stats.export': '导出办件统计',
  'case.rate': '好差评',
  'rating.list': '查看评价',
  'rating.stats': '查看评价统计',
  'rectification.list': '查看整改任务',
  'rectification.answer': '答复整改任务',
  'document.view': '查看电子文书',
  'document.pdf': '下载电子文书',
  'medical.patient.add': '添加就诊人',
  'medical.patient.delete': '删除就诊人',
  'licence.pin.set': '设置亮证密码',
  'licence.pin.lock': '亮证密码锁定',
  'licence.consent.grant': '同意电子证照预填表单',
  'licence.consent.withdraw': '撤回电子证照预填授权',
  'real-estate.no-house.issue': '开具住房情况查询单',
  'housing-fund.rate.list': '查看公积金利率',
  'housing-fund.rate.create': '新增公积金利率',
  'housing-fund.rate.update': '修改公积金利率',
  'housing-fund.rate.delete': '删除公积金利率',
  'public-file.upload': '上传文件（文件中心）',
  'public-file.list': '查看文件中心',
  'public-file.delete': '删除文件（文件中心）',
  'tourism.spot.list': '查看景点',
  'tourism.spot.create': '新增景点',
  'tourism.spot.update': '修改景点',
  'tourism.spot.delete': '删除景点',
  'tourism.reservation.create': '预约景点',
  'tourism.reservation.cancel': '取消景点预约',
  'culture.reservation.create': '预约场馆',
  'culture.reservation.cancel': '取消场馆预约',
  'education.exam-score.query': '查询中考成绩',
  'education.aid-policy.list': '查看资助政策',
  'education.aid-policy.create': '新增资助政策',
  'education.aid-policy.update': '修改资助政策',
  'education.aid-policy.delete': '删除资助政策',
  'transit.feed.import': '导入公交数据（GTFS）',
  'transit.feed.list': '查看公交数据导入记录',
  'faq.list': '查询常见问题',
  'faq.create': '新建常见问题',
  'faq.update': '修改常见问题',
  'faq.delete': '删除常见问题',
  'reply-template.list': '查询答复模板',
  'reply-template.create': '新建答复模板',
  'reply-template.update': '修改答复模板',
  'reply-template.delete': '删除答复模板',
  'interaction.list': '查询互动',
  'interaction.view': '查看互动',
  'interaction.view-full': '查看互动完整个人信息',
  'interaction.file': '查看互动图片',
  'interaction.accept': '互动审核通过',
  'interaction.reject': '互动不予受理',
  'interaction.transfer': '互动转办',
  'interaction.reply': '答复互动',
  'interaction.publish': '同意公开互动答复',
  'interaction.unpublish': '撤销公开互动答复',
  'interaction.urge': '互动督办',
  'interaction.stats': '查看互动统计',
  'interaction.stats.export': '导出互动统计',
  'interaction.settings': '设置互动答复时限',
};

export const CSV_HEADER = ['编号', '时间（北京时间）', '操作人类型', '操作人ID', '操作人', '站点', '操作', '操作名称', '对象类型', '对象ID', '摘要', 'IP地址', '结果', '请求编号'];

/** One audit entry as the export's cells (sites by name and code, actions and results in Chinese). */
export function auditCsvCells(r: Selectable<AuditLogTable>, siteNames: Map<string, string>): unknown[] {
  return [
    r.id,
    beijingTime(r.at),
    ACTOR_TYPES[r.actor_type] ?? r.actor_type,
    r.actor_id,
    r.actor_name,
    r.site_code ? `${siteNames.get(r.site_code) ?? ''}（${r.site_code}）` : '',
    r.action,
    ACTION_NAMES[r.action] ?? '',
    r.object_type,
    r.object_id,
    r.summary,
    r.ip,
    AUDIT_RESULTS[r.result] ?? r.result,
    r.request_id,
  ];
}
