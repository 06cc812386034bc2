import type { AdminInteractionRow, InteractionType, ThreadEntry } from '@dz/contracts';
import { DONE_STATUSES, deadlineText } from '@/views/cases/names';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

/** One colour per type so a long queue reads at a glance; the tag also says the type in words. */
export const TYPE_TAG: Record<InteractionType, TagType> = { consult: 'primary', suggest: 'success', complain: 'danger' };

export const THREAD_KIND_NAMES: Record<ThreadEntry['kind'], string> = {
  question: '提问',
  reply: '答复',
  'follow-up': '追问',
  rejected: '不予受理',
  transfer: '转办',
  accepted: '已受理',
};

/**
 * The 时限 cell: the date with 剩余 / 已超时 in words, and whether to show the 即将超时 / 已超时 tag.
 * An item already answered (and not waiting on a 追问) shows its date only, as nothing is due.
 */
export function deadlineOf(row: Pick<AdminInteractionRow, 'deadline' | 'overdue' | 'status' | 'followUp'>, now = Date.now()) {
  const done = DONE_STATUSES.includes(row.status) && !row.followUp;
  const d = deadlineText(row.deadline, row.overdue, done, now);
  const tag: '已超时' | '即将超时' | null = done ? null : row.overdue || d.text.includes('已超时') ? '已超时' : d.tone !== 'normal' ? '即将超时' : null;
  return { ...d, tag, done };
}
