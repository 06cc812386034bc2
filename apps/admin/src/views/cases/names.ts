import type { CaseStatus } from '@dz/contracts';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

export const CASE_STATUS_TAG: Record<CaseStatus, TagType> = {
  draft: 'info',
  submitted: 'warning',
  accepted: 'primary',
  supplement: 'warning',
  completed: 'success',
  rejected: 'danger',
  withdrawn: 'info',
};

const DAY = 86_400_000;

/**
 * The deadline said in words as well as colour (colour alone is not enough for everyone):
 * 已超时 N 天 / 剩余 N 天 / 今日到期. `done` cases show the date only.
 */
export function deadlineText(deadline: string | null | undefined, overdue: boolean, done: boolean, now = Date.now()): { text: string; tone: 'danger' | 'warning' | 'normal' } {
  if (!deadline) return { text: '—', tone: 'normal' };
  const d = new Date(deadline);
  if (Number.isNaN(d.getTime())) return { text: deadline, tone: 'normal' };
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  if (done) return { text: day, tone: 'normal' };
  const left = d.getTime() - now;
  if (overdue || left < 0) {
    const days = Math.max(1, Math.ceil(-left / DAY));
    return { text: `${day}（已超时 ${days} 天）`, tone: 'danger' };
  }
  const days = Math.floor(left / DAY);
  if (days < 1) return { text: `${day}（今日到期）`, tone: 'danger' };
  if (days <= 2) return { text: `${day}（剩余 ${days} 天）`, tone: 'warning' };
  return { text: `${day}（剩余 ${days} 天）`, tone: 'normal' };
}

export const DONE_STATUSES: readonly CaseStatus[] = ['completed', 'rejected', 'withdrawn'];

export const EVENT_ACTION_NAMES: Record<string, string> = {
  submit: '提交申请',
  create: '提交申请',
  draft: '保存草稿',
  withdraw: '撤回申请',
  supplement: '提交补正材料',
  claim: '认领',
  accept: '受理',
  reject: '不予受理',
  'request-supplement': '一次性告知补正',
  return: '退回上一步',
  approve: '审查通过',
  deny: '不予许可',
  complete: '办结（准予）',
  transfer: '转办',
  assign: '指派',
  handoff: '推送部门系统',
  decision: '部门系统答复',
  overdue: '超时提醒',
  rate: '好差评',
  rating: '好差评',
  view: '查看',
};

export const ACTOR_TYPE_NAMES: Record<string, string> = { citizen: '申请人', staff: '工作人员', system: '系统', partner: '部门系统' };
