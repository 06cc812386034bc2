/**
 * The cases a bureau received from the portal. One ref per (caller, caseNo): the portal resends a
 * case when an answer was lost or its job retried, and the bureau must not open a second file.
 *
 * The demo rule decides a case by itself `decideAfterMs` after it arrived, evaluated lazily when
 * the decision is read (no timers to clean up): approved, unless the applicant's name contains
 * 驳回 (then denied), or 人工 (then it stays pending until a test decides it through /_control).
 */
import type { BureauCaseReceipt, BureauCaseSubmit, BureauDecision } from '@dz/partner-protocol';
import { beijingDay } from './demo.js';

export const DENY_MARKER = '驳回';
export const MANUAL_MARKER = '人工';
export const DENY_COMMENT = '经审查，申请材料不符合受理条件，不予许可（演示规则：申请人姓名含“驳回”）';

interface StoredCase {
  appKey: string;
  ref: string;
  submit: BureauCaseSubmit;
  receivedAt: number;
  status: BureauDecision['status'];
  comment: string | null;
  result: Record<string, unknown> | null;
  decidedAt: number | null;
}

export interface CaseRules {
  /** Letters before the ref's date and sequence, e.g. RS for 人社. */
  refPrefix: string;
  /** null: never decide by itself (only /_control decides). */
  decideAfterMs: number | null;
  /** What the bureau issues on approval (证号, 金额…), derived from the case. */
  result: (c: BureauCaseSubmit, ref: string, decidedAt: number) => Record<string, unknown>;
  approveComment: string;
}

export class BureauCases {
  private readonly byRef = new Map<string, StoredCase>();
  private readonly byCaseNo = new Map<string, StoredCase>();
  private seq = 0;

  constructor(
    private readonly rules: CaseRules,
    private readonly now: () => number,
  ) {}

  submit(appKey: string, submit: BureauCaseSubmit): BureauCaseReceipt {
    const key = `${appKey}\n${submit.caseNo}`;
    let stored = this.byCaseNo.get(key);
    if (!stored) {
      const t = this.now();
      this.seq += 1;
      const ref = `${this.rules.refPrefix}${beijingDay(t).replace(/-/g, '')}${String(this.seq).padStart(6, '0')}`;
      stored = { appKey, ref, submit, receivedAt: t, status: 'pending', comment: null, result: null, decidedAt: null };
      this.byCaseNo.set(key, stored);
      this.byRef.set(ref, stored);
    }
    return { ref: stored.ref, caseNo: stored.submit.caseNo, status: this.current(stored).status, receivedAt: new Date(stored.receivedAt).toISOString() };
  }

  /** The decision, or null when this caller has no case with that ref. */
  decision(appKey: string, ref: string): BureauDecision | null {
    const stored = this.byRef.get(ref);
    if (!stored || stored.appKey !== appKey) return null;
    return view(this.current(stored));
  }

  /** Test control: decides a pending case now (or re-decides one). */
  decide(ref: string, status: 'approved' | 'denied', comment: string | null): BureauDecision | null {
    const stored = this.byRef.get(ref);
    if (!stored) return null;
    this.settle(stored, status, comment);
    return view(stored);
  }

  /**
   * Every case filed for the applicant with this ID number (any caller), oldest first, as decided
   * now: the bureau's own view of its files, for 业务进度 and for what an approval changed.
   */
  ofApplicant(idNumber: string): (BureauDecision & { submit: BureauCaseSubmit; receivedAt: string })[] {
    return [...this.byRef.values()]
      .filter((s) => s.submit.applicant.idNumber === idNumber)
      .map((s) => ({ ...view(this.current(s)), submit: s.submit, receivedAt: new Date(s.receivedAt).toISOString() }));
  }

  private current(stored: StoredCase): StoredCase {
    const after = this.rules.decideAfterMs;
    if (stored.status !== 'pending' || after === null || this.now() < stored.receivedAt + after) return stored;
    const name = stored.submit.applicant.name;
    if (name.includes(MANUAL_MARKER)) return stored;
    if (name.includes(DENY_MARKER)) this.settle(stored, 'denied', DENY_COMMENT);
    else this.settle(stored, 'approved', null);
    return stored;
  }

  private settle(stored: StoredCase, status: 'approved' | 'denied', comment: string | null): void {
    const t = this.now();
    stored.status = status;
    stored.decidedAt = t;
    stored.comment = comment ?? (status === 'approved' ? this.rules.approveComment : '不予许可');
    stored.result = status === 'approved' ? this.rules.result(stored.submit, stored.ref, t) : null;
  }
}

function view(s: StoredCase): BureauDecision {
  return {
    ref: s.ref,
    caseNo: s.submit.caseNo,
    status: s.status,
    comment: s.status === 'pending' ? null : s.comment,
    result: s.result,
    decidedAt: s.decidedAt === null ? null : new Date(s.decidedAt).toISOString(),
  };
}
