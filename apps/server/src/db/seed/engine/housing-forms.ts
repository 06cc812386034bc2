/**
 * The 不动产 zone's 我要查 apps and the 公积金 zone's 公积金查询 apps as data on the applications
 * engine (issue 14), the way the 医疗就诊 and 公共交通 我要查 apps are (medical-forms.ts,
 * transport-forms.ts): each app one 查询 form and one workflow with the app's code, the workflow
 * naming the bureau's query operation and how its rows are laid out.
 *
 * - 不动产登记中心 (bureau `real-estate`): the public lists — 商品房备案 by 合同备案号 or 项目名称
 *   (required: a filing is somebody's purchase, not a list to browse), 开发企业 and 项目 by an
 *   optional keyword.
 * - 住房公积金管理中心 (bureau `housing-fund`): the login's own 提取明细, 缴存明细 (by year), 贷款信息,
 *   还款明细 (by year) and 业务进度 — name and ID number bound to the login, like the 医保 personal
 *   queries (the engine replaces whatever the browser sent).
 *
 * They are not any 事项's 在线办理, so they carry no item; the department is the bureau of the item
 * named here. 公积金提取 itself is a 掌上办 form (palm-forms.ts) the zone's app opens.
 */
import type { FormField, WorkflowDefinition } from '@dz/contracts';
import { itemCode } from '../portal/items.js';
import type { QueryForm } from './medical-forms.js';
import { keywordField, loginPersonFields, querySection, queryWorkflow as query } from './query-kit.js';

type Bureau = 'real-estate' | 'housing-fund';

/** 不动产登记资料查询 / 住房公积金提取: their departments file the queries. */
const DEPARTMENT_ITEM: Record<Bureau, string> = { 'real-estate': itemCode('511700', 'SBDC', 1), 'housing-fund': itemCode('511700', 'SGJJ', 1) };
const SYSTEM: Record<Bureau, string> = { 'real-estate': '不动产登记中心业务系统', 'housing-fund': '住房公积金管理中心业务系统' };

function queryForm(code: string, title: string, description: string, workflow: WorkflowDefinition, fields: FormField[]): QueryForm {
  const bureau = workflow.partner as Bureau;
  return { code, title, description, departmentItem: DEPARTMENT_ITEM[bureau], workflowName: `${title}（${SYSTEM[bureau]}）`.slice(0, 60), workflow, fields };
}

/**
 * The last five years (Beijing time) as a select, newest first. A seeded form keeps the years of
 * the day it was installed; operators add the new year in 表单设计 (the centre accepts any year).
 */
export function lastYears(now = Date.now(), count = 5): { value: string; label: string }[] {
  const year = new Date(now + 8 * 3_600_000).getUTCFullYear();
  return Array.from({ length: count }, (_, i) => String(year - i)).map((y) => ({ value: y, label: `${y}年` }));
}
const yearField = (label: string, help: string): FormField => ({ key: 'year', label, type: 'select', options: lastYears(), help });

export const HOUSING_QUERY_FORMS: QueryForm[] = [
  // 不动产 我要查
  queryForm(
    'commodity-house-filing-query',
    '商品房备案查询',
    '按合同备案号或项目名称查询商品房买卖合同网签备案信息：项目、栋号、房号、面积、备案单价和备案状态。',
    query('real-estate', 'filings', 'card', [
      ['contractNo', '合同备案号'],
      ['project', '项目名称'],
      ['building', '栋号'],
      ['room', '房号'],
      ['area', '建筑面积'],
      ['price', '备案单价'],
      ['filedAt', '备案日期'],
      ['status', '备案状态'],
    ]),
    [querySection('查询条件'), keywordField('合同备案号或项目名称', '如 DZ2024000123 或 项目名称', true)],
  ),
  queryForm(
    'developer-info-query',
    '开发企业信息查询',
    '按企业名称查询在达州市备案的房地产开发企业的资质等级、资质证书、有效期和联系方式。',
    query('real-estate', 'developers', 'list', [
      ['name', '企业名称'],
      ['creditCode', '统一社会信用代码'],
      ['qualification', '资质等级'],
      ['certNo', '资质证书编号'],
      ['validUntil', '有效期至'],
      ['address', '地址'],
      ['phone', '联系电话'],
    ]),
    [querySection('查询条件'), keywordField('企业名称', '如 置业、地产')],
  ),
  queryForm(
    'real-estate-project-query',
    '房地产事务中心项目信息查询',
    '按项目或开发企业名称查询商品房项目的预售许可、总套数、已售套数、备案均价和销售状态。',
    query('real-estate', 'projects', 'list', [
      ['project', '项目名称'],
      ['developer', '开发企业'],
      ['district', '所在区域'],
      ['presaleNo', '预售许可证号'],
      ['units', '总套数'],
      ['soldUnits', '已售套数'],
      ['avgPrice', '备案均价'],
      ['status', '销售状态'],
    ]),
    [querySection('查询条件'), keywordField('项目或开发企业名称', '如 花园、府')],
  ),
  // 公积金查询
  queryForm(
    'hf-withdraw-detail',
    '提取明细',
    '按登录身份查询本人住房公积金的提取记录：提取日期、提取原因、提取金额、到账银行和状态。',
    query('housing-fund', 'withdraw-records', 'table', [
      ['date', '提取日期'],
      ['reason', '提取原因'],
      ['amount', '提取金额'],
      ['bank', '到账银行'],
      ['status', '状态'],
    ]),
    loginPersonFields('缴存人', '按登录身份查询本人的公积金提取记录'),
  ),
  queryForm(
    'hf-deposit-detail',
    '缴存明细',
    '按登录身份查询本人住房公积金某一年度的逐月缴存记录。',
    query('housing-fund', 'deposit-records', 'table', [
      ['period', '缴存月份'],
      ['amount', '缴存金额（元）'],
      ['type', '缴存类型'],
      ['status', '入账状态'],
    ]),
    [...loginPersonFields('缴存人', '按登录身份查询本人的公积金缴存记录'), querySection('查询条件'), yearField('缴存年度', '不选则查询上一年度')],
  ),
  queryForm(
    'hf-loan-info',
    '贷款信息',
    '按登录身份查询本人的住房公积金贷款：贷款金额、余额、期限、利率、还款方式、月还款额和承办银行。',
    query('housing-fund', 'loan', 'card', [
      ['loanNo', '贷款合同号'],
      ['amount', '贷款金额'],
      ['balance', '贷款余额'],
      ['termMonths', '贷款期限（月）'],
      ['rate', '贷款利率'],
      ['method', '还款方式'],
      ['startDate', '放款日期'],
      ['endDate', '到期日期'],
      ['monthlyPayment', '月还款额'],
      ['status', '贷款状态'],
      ['bank', '承办银行'],
    ]),
    loginPersonFields('缴存人', '按登录身份查询本人的公积金贷款'),
  ),
  queryForm(
    'hf-loan-detail',
    '贷款明细',
    '按登录身份查询本人住房公积金贷款某一年度的逐期还款：本金、利息、合计和剩余本金。',
    query('housing-fund', 'repayments', 'table', [
      ['period', '还款期次'],
      ['principal', '本金'],
      ['interest', '利息'],
      ['total', '合计'],
      ['balance', '剩余本金'],
      ['status', '状态'],
    ]),
    [...loginPersonFields('缴存人', '按登录身份查询本人的公积金贷款还款记录'), querySection('查询条件'), yearField('还款年度', '不选则查询本年度')],
  ),
  queryForm(
    'hf-progress',
    '业务进度',
    '按登录身份查询本人在住房公积金管理中心办理的业务（含在本平台提交的公积金提取）的办理进度。',
    query('housing-fund', 'progress', 'card', [
      ['bizNo', '业务编号'],
      ['type', '业务类型'],
      ['submittedAt', '提交时间'],
      ['status', '办理状态'],
      ['note', '说明'],
    ]),
    loginPersonFields('缴存人', '按登录身份查询本人的公积金业务办理进度'),
  ),
];
