/**
 * 达州市住房公积金管理中心（模拟）: accounts (account.ts), their 缴存 / 提取 / 贷款 history, 业务进度
 * of the cases the portal handed over, 合作楼盘 and 服务网点 (places.ts); the 提取 check before a
 * case is filed, and 提取 decisions whose amount then leaves the account.
 */
import type { FastifyInstance } from 'fastify';
import { ok, type HousingFundAccountRow } from '@dz/partner-protocol';
import { isRecord } from '../../lib/body.js';
import { badRequest, sendEnvelope } from '../../protocol.js';
import type { BureauEnv, BureauSpec } from '../bureau/module.js';
import { beijingDay, maskId } from '../bureau/demo.js';
import { RENT_LIMIT_FEN, REASONS, fundOf, instalment, loanOf, paidMonths, pastWithdrawals, periodOf, portalWithdrawals, reasonCode, yuan } from './account.js';
import { partnerEstates, servicePoints } from './places.js';

export { fundOf, generatedAccount } from './account.js';

const STATUS_WORDS: Record<HousingFundAccountRow['status'], string> = { normal: '正常缴存', sealed: '封存', closed: '销户' };
const CASE_STATUS = { pending: '审核中', approved: '已办结', denied: '不予办理' } as const;

/** Beijing 'YYYY-MM-DD HH:mm' of an ISO instant. */
function beijingMinute(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const ROW_KEYS: (keyof HousingFundAccountRow)[] = ['accountNo', 'name', 'status', 'employer', 'base', 'monthlyDeposit', 'balance', 'withdrawable', 'employerRate', 'personalRate', 'openedOn', 'lastDepositPeriod'];

/** A test's account: a full HousingFundAccountRow (amounts in fen) or null for 无账户. */
function parseAccount(v: unknown): HousingFundAccountRow | null | string {
  if (v === null) return null;
  if (!isRecord(v) || !ROW_KEYS.every((k) => v[k] !== undefined)) return `account 应为 null 或含 ${ROW_KEYS.join('、')} 的对象（金额单位为分）`;
  if (!['normal', 'sealed', 'closed'].includes(String(v.status))) return 'account.status 应为 normal | sealed | closed';
  if (!['base', 'monthlyDeposit', 'balance', 'withdrawable'].every((k) => Number.isInteger(v[k]) && (v[k] as number) >= 0)) return '金额应为非负整数（分）';
  return v as unknown as HousingFundAccountRow;
}

async function controlRoutes(app: FastifyInstance, env: BureauEnv): Promise<void> {
  const fund = fundOf(env.ctx);
  app.post('/_control/housing-fund/account', async (req, reply) => {
    const body = req.body;
    const idNumber = isRecord(body) && typeof body.idNumber === 'string' && /^\d{17}[\dX]$/.test(body.idNumber.toUpperCase()) ? body.idNumber.toUpperCase() : null;
    if (!idNumber || !isRecord(body) || !('account' in body)) return badRequest(reply, '请求体应为 {idNumber, account: HousingFundAccountRow | null}');
    const account = parseAccount(body.account);
    if (typeof account === 'string') return badRequest(reply, account);
    fund.pins.set(idNumber, account);
    return sendEnvelope(reply, 200, ok({ idNumber, account: account !== null }));
  });
  app.post('/_control/housing-fund/reset', async (_req, reply) => {
    fund.reset();
    return sendEnvelope(reply, 200, ok({ reset: true }));
  });
}

export const housingFundSpec: BureauSpec = {
  name: 'housing-fund',
  title: '住房公积金管理中心',
  owner: '达州市住房公积金管理中心（模拟）',
  description:
    '按身份证号查询公积金账户（约五分之一的人没有账户）、缴存 / 提取明细、贷款与还款明细、业务进度（含门户转来的提取办件）；合作楼盘与服务网点；提交前核对提取金额（不超过可提取余额，租房每年不超过14,400元）；受理公积金提取等办件，审批通过后按申请金额从账户扣减。全部为演示数据。',
  refPrefix: 'GJJ',
  approveComment: '提取申请审核通过，资金将于3个工作日内转入本人银行账户',
  result: (c, ref, demo) => {
    const asked = Number(c.data.amount ?? c.data.amountYuan);
    const amount = Number.isFinite(asked) && asked > 0 ? asked : demo.int(3000, 60000);
    const bank = typeof c.data.bankName === 'string' && c.data.bankName ? c.data.bankName : demo.pick(['中国建设银行达州分行', '中国工商银行达州分行', '达州银行'], 1);
    return { 审批编号: ref, 提取金额: `${amount.toFixed(2)}元`, 到账银行: bank, 预计到账: '3个工作日内' };
  },
  instant: {
    'deposit-proof': {
      summary: '住房公积金缴存证明 {idNumber} → 缴存单位、账户状态、月缴存额、账户余额（与 account 一致）',
      input: { idNumber: 'idNumber' },
      run: (input, _demo, _now, env) => {
        const a = fundOf(env.ctx).account(env, input.idNumber!);
        if (!a) return { title: '住房公积金缴存证明', rows: [{ label: '公民身份号码', value: maskId(input.idNumber!) }, { label: '账户状态', value: '未查询到住房公积金账户' }] };
        return {
          title: '住房公积金缴存证明',
          rows: [
            { label: '公民身份号码', value: maskId(input.idNumber!) },
            { label: '个人公积金账号', value: a.accountNo },
            { label: '缴存单位', value: a.employer },
            { label: '账户状态', value: STATUS_WORDS[a.status] },
            { label: '缴存基数', value: yuan(a.base) },
            { label: '月缴存额', value: `${yuan(a.monthlyDeposit)}（单位${a.employerRate}%、个人${a.personalRate}%）` },
            { label: '账户余额', value: yuan(a.balance) },
            { label: '开户日期', value: a.openedOn },
          ],
        };
      },
    },
  },
  query: {
    account: {
      summary: '公积金账户 {idNumber} → [HousingFundAccountRow]（金额为分），无账户为 []',
      input: { idNumber: 'idNumber' },
      run: (input, _demo, _now, env) => {
        const a = fundOf(env.ctx).account(env, input.idNumber!);
        return a ? [a as unknown as Record<string, unknown>] : [];
      },
    },
    'deposit-records': {
      summary: '公积金缴存明细 {idNumber, year?} → 当年（默认上一年）已缴各月 {period, amount, type, status}',
      input: { idNumber: 'idNumber', year: 'year?' },
      run: (input, _demo, now, env) => {
        const a = fundOf(env.ctx).account(env, input.idNumber!);
        if (!a) return [];
        const year = Number(input.year ?? Number(beijingDay(now).slice(0, 4)) - 1);
        const from = a.openedOn.slice(0, 7);
        return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
          .filter((period) => period >= from && period <= a.lastDepositPeriod)
          .map((period) => ({ period, amount: a.monthlyDeposit / 100, type: '汇缴', status: '已入账' }));
      },
    },
    'withdraw-records': {
      summary: '公积金提取明细 {idNumber} → {date, reason, amount, bank, status}（含门户转来的提取办件）',
      input: { idNumber: 'idNumber' },
      run: (input, _demo, now, env) => {
        const id = input.idNumber!;
        if (!fundOf(env.ctx).account(env, id)) return [];
        const past = pastWithdrawals(id, now).map((w) => ({ date: w.date, reason: REASONS[w.reason] ?? w.reason, amount: yuan(w.amountFen), bank: w.bank, status: '已到账' }));
        const portal = portalWithdrawals(env, id).map((w) => ({
          date: beijingDay(Date.parse(w.decidedAt ?? w.receivedAt)),
          reason: w.reason ? REASONS[w.reason]! : '其他',
          amount: yuan(w.amountFen),
          bank: '申请人本人银行卡',
          status: w.status === 'approved' ? '已审批，待到账' : CASE_STATUS[w.status],
        }));
        return [...portal.reverse(), ...past];
      },
    },
    loan: {
      summary: '公积金贷款 {idNumber} → {loanNo, amount, balance, termMonths, rate, method, startDate, endDate, monthlyPayment, status, bank}',
      input: { idNumber: 'idNumber' },
      run: (input, _demo, now, env) => {
        const loan = loanOf(input.idNumber!, fundOf(env.ctx).account(env, input.idNumber!) !== null);
        if (!loan) return [];
        const paid = paidMonths(loan, now);
        const first = instalment(loan, 1);
        const balance = paid === 0 ? loan.principalFen : instalment(loan, paid).balance;
        const [y, m, d] = loan.startDate.split('-');
        return [
          {
            loanNo: loan.loanNo,
            amount: yuan(loan.principalFen),
            balance: yuan(balance),
            termMonths: loan.termMonths,
            rate: `${loan.rate.toFixed(2)}%`,
            method: '等额本息',
            startDate: loan.startDate,
            endDate: `${Number(y) + loan.termMonths / 12}-${m}-${d}`,
            monthlyPayment: yuan(first.total),
            status: paid >= loan.termMonths ? '已结清' : '正常还款',
            bank: loan.bank,
          },
        ];
      },
    },
    repayments: {
      summary: '公积金贷款还款明细 {idNumber, year?} → 当年（默认今年）已还各月 {period, principal, interest, total, balance, status}',
      input: { idNumber: 'idNumber', year: 'year?' },
      run: (input, _demo, now, env) => {
        const loan = loanOf(input.idNumber!, fundOf(env.ctx).account(env, input.idNumber!) !== null);
        if (!loan) return [];
        const year = input.year ?? beijingDay(now).slice(0, 4);
        const paid = paidMonths(loan, now);
        const rows: Record<string, unknown>[] = [];
        for (let k = 1; k <= paid; k++) {
          const period = periodOf(loan, k);
          if (!period.startsWith(`${year}-`)) continue;
          const p = instalment(loan, k);
          rows.push({ period, principal: yuan(p.principal), interest: yuan(p.interest), total: yuan(p.total), balance: yuan(p.balance), status: '已还' });
        }
        return rows;
      },
    },
    progress: {
      summary: '业务进度 {idNumber} → {bizNo, type, submittedAt, status, note}（门户转来的办件在前）',
      input: { idNumber: 'idNumber' },
      run: (input, demo, now, env) => {
        const id = input.idNumber!;
        const portal = env.cases
          .ofApplicant(id)
          .reverse()
          .map((c) => ({ bizNo: c.ref, type: c.submit.title, submittedAt: beijingMinute(c.receivedAt), status: CASE_STATUS[c.status], note: c.comment ?? '已受理，正在审核' }));
        const past = pastWithdrawals(id, now).map((w, i) => ({
          bizNo: `GJJ${w.date.replace(/-/g, '')}${demo.digits(6, 10 + i)}`,
          type: `住房公积金提取（${REASONS[w.reason] ?? w.reason}）`,
          submittedAt: `${w.date} 10:${String(10 + i * 7).padStart(2, '0')}`,
          status: '已办结',
          note: `已转入${w.bank}`,
        }));
        return [...portal, ...past];
      },
    },
    'partner-estates': {
      summary: '公积金贷款合作楼盘 {keyword?} → HousingFundEstateRow[]',
      input: { keyword: 'keyword?' },
      run: (input) => partnerEstates(input.keyword) as unknown as Record<string, unknown>[],
    },
    'service-points': {
      summary: '服务网点 {county?}（区县代码，511700 或不填为全部）→ HousingFundServicePointRow[]',
      input: { county: 'county?' },
      run: (input) => servicePoints(input.county) as unknown as Record<string, unknown>[],
    },
  },
  check: {
    withdraw: {
      summary: '公积金提取 {idNumber, name, reason, amount（元）, …表单其余字段} → 金额不超过可提取余额；租房提取每年不超过14,400元',
      input: { idNumber: 'idNumber', name: 'name', reason: 'option', amount: 'amount' },
      run: (input, _demo, now, env) => {
        const id = input.idNumber!;
        const amountFen = Math.round(Number(input.amount) * 100);
        const reason = reasonCode(input.reason!);
        const fields: Record<string, string> = {};
        const account = fundOf(env.ctx).account(env, id);
        if (!reason) fields.reason = '提取原因不在本中心受理范围内，请从列表中重新选择';
        if (!account) fields.amount = '未查询到您的住房公积金账户，无法办理提取；如单位已为您缴存，请联系单位核实';
        else if (account.status === 'closed') fields.amount = '您的公积金账户已销户，无法办理提取';
        else if (amountFen <= 0) fields.amount = '提取金额应大于0元';
        else if (amountFen > account.withdrawable) fields.amount = `提取金额超过账户可提取余额（可提取${yuan(account.withdrawable)}），请调整后再提交`;
        else if (reason === 'rent') {
          const year = beijingDay(now).slice(0, 4);
          // This year's 租房 withdrawals still standing (filed or paid), plus this one.
          const used = portalWithdrawals(env, id)
            .filter((w) => w.reason === 'rent' && w.status !== 'denied' && beijingDay(Date.parse(w.receivedAt)).startsWith(year))
            .reduce((s, w) => s + w.amountFen, 0);
          if (used + amountFen > RENT_LIMIT_FEN) {
            const left = Math.max(0, RENT_LIMIT_FEN - used);
            fields.amount = `租房提取每年不超过${yuan(RENT_LIMIT_FEN)}（本年度已申请${yuan(used)}，还可提取${yuan(left)}），请调整后再提交`;
          }
        }
        return { ok: Object.keys(fields).length === 0, fields };
      },
    },
  },
  controlRoutes,
  extraEndpoints: [
    { method: 'POST', path: '/_control/housing-fund/account', summary: '测试：指定某身份证号的账户 {idNumber, account: HousingFundAccountRow | null}（null 为无账户）', access: 'control' },
    { method: 'POST', path: '/_control/housing-fund/reset', summary: '测试：清除指定的账户', access: 'control' },
  ],
};
