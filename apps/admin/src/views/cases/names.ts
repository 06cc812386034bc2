import { CASE_ACTOR_NAMES, type CaseStatus } from '@dz/contracts';
import { beijingDayOf } from '@/utils/format';

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
  const at = Date.parse(deadline);
  if (Number.isNaN(at)) return { text: deadline, tone: 'normal' };
  // The day shown is the Beijing calendar day (the bureaus' deadlines), whatever the browser's zone.
  const day = beijingDayOf(deadline);
  if (done) return { text: day, tone: 'normal' };
  const left = at - now;
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

/** The timeline's names and the actors' are the contract's (the server names events the same way). */
export { CASE_EVENT_NAMES as EVENT_ACTION_NAMES } from '@dz/contracts';
export const ACTOR_TYPE_NAMES: Record<string, string> = CASE_ACTOR_NAMES;
