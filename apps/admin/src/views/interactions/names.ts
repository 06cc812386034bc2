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

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The names the server hid in the question (我叫张三 → 我叫张*), recovered by lining the masked text
 * up with the original, so the reply typed now is previewed with the same names hidden. The server
 * also hides the submitter's real name, which the console never sees; it masks again on sending.
 */
export function maskedNamesIn(original: string, masked: string): string[] {
  if (!masked.includes('*') || original === masked) return [];
  const parts: string[] = [];
  let names = 0;
  // A CJK character then stars is a masked name (its length kept); any other star run (phones,
  // ID numbers, e-mail) stands for text of another length.
  const token = /([\u4e00-\u9fa5])(\*{1,3})(?![*\d])|\*+/gu;
  let last = 0;
  for (let m = token.exec(masked); m; m = token.exec(masked)) {
    parts.push(escapeRe(masked.slice(last, m.index)));
    if (m[1] && m[2]) {
      parts.push(`(${escapeRe(m[1])}[\\u4e00-\\u9fa5]{${m[2].length}})`);
      names++;
    } else {
      // Drop the digits or letters around the stars the mask kept: they are in the original too.
      parts.push('[\\s\\S]*?');
    }
    last = m.index + m[0].length;
  }
  if (!names) return [];
  parts.push(escapeRe(masked.slice(last)));
  try {
    const hit = new RegExp(`^${parts.join('')}$`, 'u').exec(original);
    return hit ? [...new Set(hit.slice(1).filter((n): n is string => !!n))] : [];
  } catch {
    return [];
  }
}
