/**
 * UtilityConnector (app.utilityConnector): the typed client of the utility companies — water
 * (`water`), power (`power`) and gas (`gas`) — over the one signed partner client (timeouts,
 * retries of idempotent calls, breaker, call log, 接口管理's per-site endpoints). The three share
 * one API (partner-protocol's utilities.ts), so one connector serves them by kind, as one
 * UtilitiesService serves 水费 and 燃气费. Water and gas bill through the portal (accounts, bills,
 * 销账, 冲正); all three take installations (报装).
 *
 * Errors, as the features see them:
 *   - a company that is down, slow or switched off → the partner client's 503 PARTNER_UNAVAILABLE;
 *   - a business refusal (unknown account, bills already paid, an invalid form field) → the
 *     client's PartnerRefusal: `partnerCode` (BizCode) and the company's own Chinese message;
 *   - an answer without the protocol's shape → 502 PARTNER_BAD_ANSWER, checked here at run time.
 *
 * Every path of these systems is built here and nowhere else.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  BILLED_UTILITIES,
  type AccountsResult,
  type BilledUtility,
  type BillsResult,
  type GasInstallForm,
  type InstallationStatus,
  type InstallationSubmit,
  type ReverseRequest,
  type ReverseResult,
  type UnitsResult,
  type UtilityInstallForm,
  type UtilityName,
  type WriteOffRequest,
  type WriteOffResult,
} from '@dz/partner-protocol';
import type { PartnerClient } from '../partner-client.js';
import { badAnswer, checked, type Agrees, type CallMeta } from './common.js';

declare module 'fastify' {
  interface FastifyInstance {
    utilityConnector: UtilityConnector;
  }
}

/** What the citizen calls each company (messages, 我的办件). */
export const UTILITY_COMPANIES: Record<UtilityName, string> = { water: '自来水公司', power: '供电公司', gas: '燃气公司' };

const badAnswerMessage = (kind: UtilityName) => `${UTILITY_COMPANIES[kind]}系统返回的数据格式有误，请稍后重试`;

// ---- answer shapes, checked at run time (they mirror partner-protocol's interfaces) ------------

const Fen = Type.Integer({ minimum: 0 });
const Account = Type.Object({ accountNo: Type.String({ minLength: 1 }), holderName: Type.String(), address: Type.String(), unitCode: Type.String(), unitName: Type.String() });
export const AccountsAnswer = Type.Object({ accounts: Type.Array(Account, { maxItems: 200 }) });
export const UnitsAnswer = Type.Object({ units: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), { maxItems: 500 }) });
const Bill = Type.Object({
  billId: Type.String({ minLength: 1 }),
  period: Type.String(),
  usage: Type.Number({ minimum: 0 }),
  priceFen: Fen,
  amountFen: Fen,
  status: Type.Union([Type.Literal('unpaid'), Type.Literal('paid')]),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  dueDate: Type.String(),
});
const Payment = Type.Object({ receiptNo: Type.String(), paidAt: Type.String(), amountFen: Fen, billIds: Type.Array(Type.String()), channel: Type.String() });
export const BillsAnswer = Type.Object({ account: Account, amountDueFen: Fen, bills: Type.Array(Bill, { maxItems: 500 }), payments: Type.Array(Payment, { maxItems: 500 }) });
export const WriteOffAnswer = Type.Object({ receiptNo: Type.String({ minLength: 1 }), paidBillIds: Type.Array(Type.String()) });
export const ReverseAnswer = Type.Object({ orderId: Type.String({ minLength: 1 }), receiptNo: Type.String(), reversedBillIds: Type.Array(Type.String()), reversedAt: Type.String() });
const StepStatus = Type.Union(['received', 'accepted', 'surveying', 'constructing', 'completed', 'rejected'].map((s) => Type.Literal(s as InstallationStatus['status'])));
export const InstallationAnswer = Type.Object({
  installNo: Type.String({ minLength: 1, maxLength: 64 }),
  applicationNo: Type.String(),
  status: StepStatus,
  steps: Type.Array(Type.Object({ at: Type.String(), status: StepStatus, title: Type.String(), note: Type.String() }), { maxItems: 100 }),
});

// Compile-time check that the schemas and the protocol's interfaces agree.
const agree: [
  Agrees<Static<typeof AccountsAnswer>, AccountsResult>,
  Agrees<Static<typeof UnitsAnswer>, UnitsResult>,
  Agrees<Static<typeof BillsAnswer>, BillsResult>,
  Agrees<Static<typeof WriteOffAnswer>, WriteOffResult>,
  Agrees<Static<typeof ReverseAnswer>, ReverseResult>,
  Agrees<Static<typeof InstallationAnswer>, InstallationStatus>,
] = [true, true, true, true, true, true];
void agree;

// ---- the connector -----------------------------------------------------------------------------

/** The form each company's installation takes: 在线报装 (水 / 电) or 燃气报装. */
export type InstallationForm<K extends UtilityName> = K extends 'gas' ? GasInstallForm : UtilityInstallForm;

export class UtilityConnector {
  constructor(private readonly partners: PartnerClient) {}

  private async call<S extends TSchema>(
    kind: UtilityName,
    operation: string,
    schema: S,
    call: { method: 'GET' | 'POST'; path: string; body?: unknown; idempotencyKey?: string },
    meta: CallMeta,
  ): Promise<Static<S>> {
    // Reads, and writes that carry an idempotency key, are safe to retry within the call's budget.
    const answer = await this.partners.call<unknown>({ partner: kind, operation: `${kind}.${operation}`, idempotent: true, ...call, ...meta });
    return checked(schema, answer, kind, operation, badAnswerMessage(kind));
  }

  private static accounts(kind: BilledUtility): string {
    return `/v1/${kind}/${BILLED_UTILITIES[kind]}`;
  }

  /** The accounts registered to an ID number at the company (POST: the number stays out of URLs and logs). */
  async accounts(kind: BilledUtility, idNumber: string, meta: CallMeta): Promise<AccountsResult> {
    return this.call(kind, 'accounts', AccountsAnswer, { method: 'POST', path: `${UtilityConnector.accounts(kind)}/query`, body: { idNumber } }, meta);
  }

  /** The company's 缴费单位. */
  async units(kind: BilledUtility, meta: CallMeta): Promise<UnitsResult> {
    return this.call(kind, 'units', UnitsAnswer, { method: 'GET', path: `/v1/${kind}/units` }, meta);
  }

  /** An account's bills (12 months) and payments, newest first. Unknown account → PartnerRefusal 2001. */
  async bills(kind: BilledUtility, accountNo: string, meta: CallMeta): Promise<BillsResult> {
    return this.call(kind, 'bills', BillsAnswer, { method: 'GET', path: `${UtilityConnector.accounts(kind)}/${encodeURIComponent(accountNo)}/bills` }, meta);
  }

  /**
   * 销账: reports a payment the gateway confirmed. The idempotency key makes a repeat (a retry, the
   * background job) answer the first result; bills paid by another order → PartnerRefusal 2002.
   */
  async writeOff(kind: BilledUtility, request: WriteOffRequest, idempotencyKey: string, meta: CallMeta): Promise<WriteOffResult> {
    return this.call(kind, 'writeoff', WriteOffAnswer, { method: 'POST', path: `/v1/${kind}/payments`, body: request, idempotencyKey }, meta);
  }

  /** 冲正: the order's payment is being refunded, so its bills are due again. Never written off → PartnerRefusal 2001. */
  async reverse(kind: BilledUtility, request: ReverseRequest, idempotencyKey: string, meta: CallMeta): Promise<ReverseResult> {
    return this.call(kind, 'reverse', ReverseAnswer, { method: 'POST', path: `/v1/${kind}/payments/reverse`, body: request, idempotencyKey }, meta);
  }

  /**
   * 报装: files an installation. The same applicationNo (and key) again answers the existing
   * installation, so a resubmission after a lost answer files nothing twice; an invalid form →
   * PartnerRefusal 2004 naming the field.
   */
  async submitInstallation<K extends UtilityName>(kind: K, submit: InstallationSubmit<InstallationForm<K>>, idempotencyKey: string, meta: CallMeta): Promise<InstallationStatus> {
    const status = await this.call(kind, 'install', InstallationAnswer, { method: 'POST', path: `/v1/${kind}/installations`, body: submit, idempotencyKey }, meta);
    if (status.applicationNo !== submit.applicationNo) throw badAnswer(kind, 'install', 'status of another applicationNo', badAnswerMessage(kind));
    return status;
  }

  /** An installation's progress. */
  async installation(kind: UtilityName, installNo: string, meta: CallMeta): Promise<InstallationStatus> {
    return this.call(kind, 'install.progress', InstallationAnswer, { method: 'GET', path: `/v1/${kind}/installations/${encodeURIComponent(installNo)}` }, meta);
  }
}
