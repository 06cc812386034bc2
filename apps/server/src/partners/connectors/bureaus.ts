/**
 * BureauConnector (app.bureaus): the typed client of the bureau systems (人社, 公积金, 不动产, 公安,
 * 市场监管, 税务, 医保, 卫健, 公章刻制) the applications engine hands cases to and reads from, over the
 * one signed partner client (timeouts, retries of idempotent calls, breaker, call log, 接口管理's
 * per-site endpoints). The API is partner-protocol's bureaus.ts.
 *
 * Errors, as the engine sees them:
 *   - a bureau that is down, slow or switched off → the partner client's 503 PARTNER_UNAVAILABLE
 *     (the cases job retries it later);
 *   - a bureau's business refusal (wrong ID number, unknown ref) → 422 PARTNER_REFUSED with the
 *     bureau's Chinese message;
 *   - an answer that does not have the protocol's shape → 502 PARTNER_BAD_ANSWER: checked here at
 *     run time, so a bureau's change of format is a clear error in the call, not a crash later in a
 *     template or a PDF.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  BizCode,
  BureauNames,
  type BureauCaseReceipt,
  type BureauCaseSubmit,
  type BureauCheckResult,
  type BureauDecision,
  type BureauInstantResult,
  type BureauName,
  type BureauQueryResult,
} from '@dz/partner-protocol';
import { AppError } from '../../infra/errors.js';
import { PartnerRefusal, type PartnerClient } from '../partner-client.js';
import { badAnswer, checked as checkedAnswer, type Agrees } from './common.js';

declare module 'fastify' {
  interface FastifyInstance {
    bureaus: BureauConnector;
  }
}

// ---- answer shapes, checked at run time (they mirror partner-protocol's interfaces) ------------

const Status = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('denied')]);
const Row = Type.Object({ label: Type.String(), value: Type.String() });

export const ReceiptAnswer = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 64 }), caseNo: Type.String(), status: Status, receivedAt: Type.String() });
export const DecisionAnswer = Type.Object({
  ref: Type.String({ minLength: 1 }),
  caseNo: Type.String(),
  status: Status,
  comment: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
});
export const InstantAnswer = Type.Object({ title: Type.String({ minLength: 1 }), rows: Type.Array(Row, { maxItems: 200 }) });
export const QueryAnswer = Type.Object({ rows: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 1000 }) });
export const CheckAnswer = Type.Object({ ok: Type.Boolean(), fields: Type.Record(Type.String(), Type.String()) });

// Compile-time check that the schemas and the protocol's interfaces agree.
const agree: [
  Agrees<Static<typeof ReceiptAnswer>, BureauCaseReceipt>,
  Agrees<Static<typeof DecisionAnswer>, BureauDecision>,
  Agrees<Static<typeof InstantAnswer>, BureauInstantResult>,
  Agrees<Static<typeof QueryAnswer>, BureauQueryResult>,
  Agrees<Static<typeof CheckAnswer>, BureauCheckResult>,
] = [true, true, true, true, true];
void agree;

// ---- the connector -----------------------------------------------------------------------------

export interface BureauSubmitPayload {
  formCode: string;
  title: string;
  data: Record<string, unknown>;
  applicant: { name: string; idNumber: string | null; phone: string | null };
}

export interface BureauDecisionView {
  status: 'pending' | 'approved' | 'denied';
  comment: string | null;
  result: Record<string, unknown> | null;
}

const OPERATION = /^[a-z][a-z0-9-]{0,47}$/;

export function isBureau(partner: string): partner is BureauName {
  return (BureauNames as readonly string[]).includes(partner);
}

const BAD_ANSWER = '部门业务系统返回的数据格式有误，请稍后重试';

const checked = <S extends TSchema>(schema: S, value: unknown, partner: string, what: string): Static<S> => checkedAnswer(schema, value, partner, what, BAD_ANSWER);

export class BureauConnector {
  constructor(private readonly partners: PartnerClient) {}

  private static bureau(partner: string): BureauName {
    // A workflow naming a bureau that does not exist is a configuration mistake, not a partner fault.
    if (!isBureau(partner)) throw new AppError(400, 'UNKNOWN_BUREAU', `未知的部门业务系统“${partner}”`);
    return partner;
  }

  private static operation(name: string): string {
    if (!OPERATION.test(name)) throw new AppError(400, 'UNKNOWN_BUREAU_OPERATION', `部门业务系统的业务名称不正确：“${name}”`);
    return name;
  }

  /**
   * Hands a case to the bureau. Idempotent by caseNo (the bureau answers the same ref for the same
   * caseNo), so the caller may resend after a lost answer; retried within the call's time budget.
   */
  async submit(partner: string, site: string, caseNo: string, payload: BureauSubmitPayload): Promise<{ ref: string }> {
    const p = BureauConnector.bureau(partner);
    const body: BureauCaseSubmit = { caseNo, site, formCode: payload.formCode, title: payload.title, data: payload.data, applicant: payload.applicant };
    const answer = await this.partners.call<unknown>({ partner: p, operation: `${p}.submit`, method: 'POST', path: `/v1/${p}/cases`, body, idempotent: true, site });
    const receipt = checked(ReceiptAnswer, answer, p, 'submit');
    if (receipt.caseNo !== caseNo) {
      throw badAnswer(p, 'submit', 'receipt for another caseNo', BAD_ANSWER);
    }
    return { ref: receipt.ref };
  }

  /** The bureau's decision on a case it received: pending until it decides. */
  async decision(partner: string, site: string, ref: string): Promise<BureauDecisionView> {
    const p = BureauConnector.bureau(partner);
    const answer = await this.partners.call<unknown>({ partner: p, operation: `${p}.decision`, method: 'GET', path: `/v1/${p}/cases/${encodeURIComponent(ref)}`, idempotent: true, site });
    const d: BureauDecision = checked(DecisionAnswer, answer, p, 'decision');
    return { status: d.status, comment: d.comment, result: d.result };
  }

  /** 即办: the content of a certificate the bureau issues at once (社保参保证明…). */
  async instant(partner: string, site: string, operation: string, data: Record<string, unknown>): Promise<{ title: string; rows: { label: string; value: string }[] }> {
    const p = BureauConnector.bureau(partner);
    const op = BureauConnector.operation(operation);
    const answer = await this.partners.call<unknown>({ partner: p, operation: `${p}.instant.${op}`, method: 'POST', path: `/v1/${p}/instant/${op}`, body: data, idempotent: true, site });
    const r = checked(InstantAnswer, answer, p, `instant.${op}`);
    return { title: r.title, rows: r.rows.map((row) => ({ label: row.label, value: row.value })) };
  }

  /** 查询: records (不动产登记, 车辆违章…). */
  async query(partner: string, site: string, operation: string, data: Record<string, unknown>): Promise<{ rows: Record<string, unknown>[] }> {
    const p = BureauConnector.bureau(partner);
    const op = BureauConnector.operation(operation);
    const answer = await this.partners.call<unknown>({ partner: p, operation: `${p}.query.${op}`, method: 'POST', path: `/v1/${p}/query/${op}`, body: data, idempotent: true, site });
    return { rows: checked(QueryAnswer, answer, p, `query.${op}`).rows };
  }

  /**
   * A 承诺件's check before it is filed (公积金提取: the amount against the withdrawable balance and
   * the reason's limit). Read-only at the bureau, so retried like a query. `ok: false` names the
   * fields and why; an answer that says no without naming a field is a bad answer (the citizen
   * would see a refusal with nothing to correct). null: the bureau has no such check (2001) — the
   * bureau still decides the case itself, so the caller files without it.
   */
  async check(partner: string, site: string, operation: string, data: Record<string, unknown>): Promise<BureauCheckResult | null> {
    const p = BureauConnector.bureau(partner);
    const op = BureauConnector.operation(operation);
    let answer: unknown;
    try {
      answer = await this.partners.call<unknown>({ partner: p, operation: `${p}.check.${op}`, method: 'POST', path: `/v1/${p}/check/${op}`, body: data, idempotent: true, site });
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === BizCode.NOT_FOUND) return null;
      throw err;
    }
    const r = checked(CheckAnswer, answer, p, `check.${op}`);
    if (!r.ok && !Object.keys(r.fields).length) throw badAnswer(p, `check.${op}`, 'refusal without fields', BAD_ANSWER);
    return { ok: r.ok, fields: r.ok ? {} : { ...r.fields } };
  }
}
