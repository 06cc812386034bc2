/**
 * 中考成绩查询 (issue 15): the 教育局 answers query/exam-score {idNumber, regNo, ticketNo} with the
 * candidate's row or nothing. The portal adds what keeps the triple from being guessed:
 *
 * - One answer for every mismatch: the same status and the same bytes whichever of the three is
 *   wrong (the bureau itself does not say which), and the bureau is asked in every case.
 * - Timing says nothing: every answer — found, not found, locked, captcha wrong — leaves no sooner
 *   than MIN_ANSWER_MS after the request arrived (the route pads), so a fast local refusal cannot
 *   be told from a slow bureau look-up.
 * - Limits: consecutive wrong triples are counted per IP and per ID number in the shared store;
 *   the 20th wrong one (EXAM_WRONG_LIMIT) locks that IP / ID number for LOCK_MS, so the 21st try is
 *   429 EXAM_QUERY_LOCKED. A right triple resets both counters.
 * - Order: the lock is checked before the captcha. A locked client is told so at once instead of
 *   being made to solve captchas that cannot help; the lock says nothing about the triple, and the
 *   unused captcha expires by itself. Then the captcha (wrong → 400 CAPTCHA_INVALID, burnt), then
 *   the bureau.
 * - Every query that reaches the bureau, and every locked one, is audited with the masked ID
 *   number only.
 */
import { Type } from '@sinclair/typebox';
import { CultureErrorCodes, EXAM_WRONG_LIMIT, maskIdNumber, maskName, type ExamScoreQuery, type ExamScoreResult } from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import { AppError, describeWait } from '../../../infra/errors.js';
import { ipLimitsApply } from '../../../infra/ip-limits.js';
import type { BureauConnector } from '../../../partners/connectors/bureaus.js';
import { checked } from '../../../partners/connectors/common.js';
import { captchaInvalid, type CaptchaService } from './captcha.service.js';

export const EXAM_BUREAU = 'education';
export const EXAM_OPERATION = 'exam-score';
/** The 教育局 is the city's: every county's citizens query the same system. */
const EXAM_SITE = '511700';
export const LOCK_MS = 30 * 60_000;
/** A run of wrong tries is forgotten this long after its first one. */
const COUNT_WINDOW_MS = 60 * 60_000;
export const MIN_ANSWER_MS = 300;

export const EXAM_NOT_FOUND_MESSAGE = '未查询到成绩，请核对身份证号、报名号和准考证号后重新查询';
/** The one answer to every mismatch, always the same bytes (no request id: two mismatches must not differ). */
export const EXAM_NOT_FOUND_BODY = Object.freeze({ code: CultureErrorCodes.EXAM_SCORE_NOT_FOUND, message: EXAM_NOT_FOUND_MESSAGE });
export const EXAM_UNAVAILABLE = '教育局成绩查询系统暂时无法连接，请稍后再试';
const BAD_ANSWER = '教育局成绩查询系统返回的数据格式有误，请稍后再试';

const Str = Type.String({ maxLength: 200 });
const Score = Type.Number({ minimum: 0, maximum: 10_000 });
/** Mirrors partner-protocol's ExamScoreRow; checked at run time so a change of format is a clear 502. */
export const ExamScoreRowT = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  regNo: Str,
  ticketNo: Str,
  school: Str,
  year: Type.Integer({ minimum: 1990, maximum: 2200 }),
  subjects: Type.Array(Type.Object({ subject: Str, score: Score, full: Score }), { maxItems: 40 }),
  total: Score,
  totalFull: Score,
  grades: Type.Array(Type.Object({ subject: Str, grade: Str }), { maxItems: 40 }),
  remark: Type.String({ maxLength: 2000 }),
});

export type ExamOutcome = { kind: 'found'; result: ExamScoreResult } | { kind: 'not-found' };

export interface ExamAsker {
  userId: number | null;
  ip: string;
  requestId: string;
}

const wrongKey = (who: string) => `exam:wrong:${who}`;
const lockKey = (who: string) => `exam:lock:${who}`;

export class ExamScoresService {
  constructor(
    private readonly ctx: AppContext,
    private readonly bureaus: () => BureauConnector,
    private readonly captchas: CaptchaService,
  ) {}

  /** The counters this request is held to: its ID number always, its IP unless exempt (embedded loopback). */
  private subjects(idNumber: string, ip: string): string[] {
    const out = [`id:${this.ctx.gm.blindIndex('exam-id', idNumber)}`];
    if (ipLimitsApply(this.ctx.config, ip)) out.push(`ip:${ip}`);
    return out;
  }

  private async lockedFor(subjects: string[]): Promise<number> {
    let ms = 0;
    for (const s of subjects) ms = Math.max(ms, await this.ctx.kv.ttl(lockKey(s)));
    return Math.ceil(ms / 1000);
  }

  private lockedError(seconds: number): AppError {
    return new AppError(429, CultureErrorCodes.EXAM_QUERY_LOCKED, `查询错误次数过多，为保护考生信息，请${describeWait(seconds)}后再试`, {
      retryAfterSeconds: seconds,
      details: { retryAfterSeconds: seconds },
    });
  }

  private async audit(asker: ExamAsker, idNumber: string, outcome: 'found' | 'not-found' | 'locked' | 'unavailable'): Promise<void> {
    const words = { found: '已查到成绩', 'not-found': '未查到（三项不匹配）', locked: '错误次数过多，已锁定', unavailable: '教育局系统不可用' } as const;
    const result = { found: 'ok', 'not-found': 'failed', locked: 'denied', unavailable: 'failed' } as const;
    await this.ctx.audit.record({
      actorType: 'user',
      actorId: asker.userId,
      actorName: asker.userId === null ? '匿名' : null,
      siteCode: EXAM_SITE,
      action: 'education.exam-score.query',
      objectType: 'exam_candidate',
      objectId: maskIdNumber(idNumber),
      summary: `查询中考成绩：${words[outcome]}`,
      ip: asker.ip,
      result: result[outcome],
      requestId: asker.requestId,
    });
  }

  async query(q: ExamScoreQuery, asker: ExamAsker): Promise<ExamOutcome> {
    const idNumber = q.idNumber.toUpperCase();
    const subjects = this.subjects(idNumber, asker.ip);
    const wait = await this.lockedFor(subjects);
    if (wait > 0) {
      await this.audit(asker, idNumber, 'locked');
      throw this.lockedError(wait);
    }
    if (!(await this.captchas.consume(q.captchaId, q.captcha))) throw captchaInvalid();

    let rows: Record<string, unknown>[];
    try {
      rows = (await this.bureaus().query(EXAM_BUREAU, EXAM_SITE, EXAM_OPERATION, { idNumber, regNo: q.regNo, ticketNo: q.ticketNo })).rows;
    } catch (err) {
      if (err instanceof AppError && err.code === 'PARTNER_REFUSED') {
        // A bureau that refuses a triple instead of answering [] must still give the one answer.
        rows = [];
      } else if (err instanceof AppError && (err.statusCode === 503 || err.statusCode === 504)) {
        await this.audit(asker, idNumber, 'unavailable');
        throw new AppError(503, 'PARTNER_UNAVAILABLE', EXAM_UNAVAILABLE);
      } else throw err;
    }

    const row = rows[0];
    if (!row) {
      await this.countWrong(subjects);
      await this.audit(asker, idNumber, 'not-found');
      return { kind: 'not-found' };
    }
    const r = checked(ExamScoreRowT, row, EXAM_BUREAU, `query.${EXAM_OPERATION}`, BAD_ANSWER);
    for (const s of subjects) await this.ctx.kv.del(wrongKey(s));
    await this.audit(asker, idNumber, 'found');
    return {
      kind: 'found',
      result: {
        name: maskName(r.name),
        regNo: r.regNo,
        ticketNo: r.ticketNo,
        school: r.school,
        year: r.year,
        subjects: r.subjects.map((s) => ({ subject: s.subject, score: s.score, full: s.full })),
        total: r.total,
        totalFull: r.totalFull,
        grades: r.grades.map((g) => ({ subject: g.subject, grade: g.grade })),
        remark: r.remark,
      },
    };
  }

  /** One more wrong triple; the EXAM_WRONG_LIMIT-th locks (the next try is refused). */
  private async countWrong(subjects: string[]): Promise<void> {
    for (const s of subjects) {
      const n = await this.ctx.kv.incr(wrongKey(s), COUNT_WINDOW_MS);
      if (n >= EXAM_WRONG_LIMIT) {
        await this.ctx.kv.set(lockKey(s), String(Date.now()), LOCK_MS);
        await this.ctx.kv.del(wrongKey(s));
      }
    }
  }
}
