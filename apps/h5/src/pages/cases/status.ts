import type { CaseStatus, CaseStepView } from '@dz/contracts';
import type { Tone } from '../../data/utilities';

/** A case's status as a bordered tag: the words carry the meaning, the tone only helps. */
export const CASE_STATUS_TONES: Record<CaseStatus, Tone> = {
  draft: 'warning',
  submitted: 'primary',
  accepted: 'primary',
  supplement: 'warning',
  completed: 'success',
  rejected: 'danger',
  withdrawn: 'muted',
};

export const STEP_STATUS_NAMES: Record<CaseStepView['status'], string> = { done: '已完成', current: '进行中', pending: '未开始', failed: '未通过' };
export const STEP_STATUS_ICONS: Record<CaseStepView['status'], string> = { done: 'checked', current: 'clock-o', pending: 'circle', failed: 'close' };
