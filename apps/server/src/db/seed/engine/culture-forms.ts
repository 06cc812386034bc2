/**
 * The 旅游服务 and 文体教育 zones' 我要查 apps as data on the applications engine (issue 15), the way
 * the 公共交通 ones are (transport-forms.ts): each app one form and one 查询 workflow with the app's
 * code, answered by a bureau system of the sandbox —
 *
 * - 文广旅局's 文旅信息系统 (bureau `tourism`): 旅行社名录 (by keyword), A级景区, 水利风景区 and
 *   示范农民合作社（文旅类）(by 区县), 文化产业增加值 (by 年度);
 * - 教育局's 招生考试系统 (bureau `education`): 宣汉学校 (by keyword) and the login's own 成人高考
 *   成绩 / 录取 (ID number bound to the login like 营运驾驶员计分, the 准考证号 typed).
 *
 * 中考成绩 (with its captcha) and 资助政策 are dedicated pages of their own (features/zones/education),
 * not forms. Operators change labels, columns or layout in 表单设计 / 流程配置.
 */
import type { FormField, WorkflowDefinition } from '@dz/contracts';
import { itemCode } from '../portal/items.js';
import type { QueryForm } from './medical-forms.js';
import { keywordField, loginPersonFields, querySection, queryWorkflow as query } from './query-kit.js';

/** 旅行社设立许可 and 教师资格认定: items of the two bureaus, whose departments the forms are filed under. */
const TOURISM_ITEM = itemCode('511700', 'SWGL', 1);
const EDUCATION_ITEM = itemCode('511700', 'SJY', 1);

export const TOURISM_SYSTEM = '文广旅局文旅信息系统';
export const EDUCATION_SYSTEM = '教育局招生考试系统';

/** The 区县 the tourism bureau filters by (its input is the division code). */
export const COUNTIES: { code: string; name: string }[] = [
  { code: '511702', name: '通川区' },
  { code: '511703', name: '达川区' },
  { code: '511722', name: '宣汉县' },
  { code: '511723', name: '开江县' },
  { code: '511724', name: '大竹县' },
  { code: '511725', name: '渠县' },
  { code: '511781', name: '万源市' },
];

/** The years the bureau publishes 文化产业增加值 for. */
export const OUTPUT_YEARS = ['2025', '2024', '2023', '2022', '2021'];

const countyField = (help: string): FormField => ({ key: 'county', label: '所在区县', type: 'select', options: COUNTIES.map((c) => ({ value: c.code, label: c.name })), help });

/** 成人高考准考证号: 9 digits on the ticket. */
export const TICKET_NO = '^\\d{9}$';
const ticketField: FormField = { key: 'ticketNo', label: '准考证号', type: 'text', required: true, pattern: TICKET_NO, patternMessage: '请填写准考证上的9位数字', placeholder: '9位数字', maxLength: 9, help: '见成人高考准考证，或登录四川省教育考试院网站查看' };

function queryForm(code: string, title: string, description: string, workflow: WorkflowDefinition, fields: FormField[]): QueryForm {
  const education = workflow.partner === 'education';
  return {
    code,
    title,
    description,
    departmentItem: education ? EDUCATION_ITEM : TOURISM_ITEM,
    workflowName: `${title}（${education ? EDUCATION_SYSTEM : TOURISM_SYSTEM}）`.slice(0, 60),
    workflow,
    fields,
  };
}

export const TOURISM_QUERY_FORMS: QueryForm[] = [
  queryForm(
    'travel-agency-list',
    '旅行社名录',
    '查询达州市依法设立的旅行社：许可证号、经营范围、经营地址、联系电话和质量保证金，可按名称、许可证号或地址筛选。',
    query('tourism', 'travel-agencies', 'list', [
      ['name', '旅行社名称'],
      ['licenceNo', '旅行社业务经营许可证号'],
      ['scope', '经营范围'],
      ['address', '经营地址'],
      ['phone', '联系电话'],
      ['qualityDeposit', '质量保证金'],
    ]),
    [querySection('查询条件'), keywordField('旅行社名称、许可证号或地址', '如 巴山、L-SC')],
  ),
  queryForm(
    'scenic-area-query',
    '景区查询',
    '查询达州市A级旅游景区的等级、地址、开放时间、门票和咨询电话，可按区县筛选。',
    query('tourism', 'a-level-spots', 'list', [
      ['name', '景区名称'],
      ['level', '等级'],
      ['countyName', '所在区县'],
      ['address', '地址'],
      ['openHours', '开放时间'],
      ['ticket', '门票'],
      ['phone', '咨询电话'],
    ]),
    [querySection('查询条件'), countyField('不选则查询全市A级景区')],
  ),
  queryForm(
    'water-scenic-area-query',
    '水利风景区查询',
    '查询达州市国家级、省级水利风景区的依托水体、面积和批准年份，可按区县筛选。',
    query('tourism', 'water-scenic-areas', 'list', [
      ['name', '风景区名称'],
      ['level', '级别'],
      ['countyName', '所在区县'],
      ['water', '依托水体'],
      ['area', '面积'],
      ['approvedYear', '批准年份'],
    ]),
    [querySection('查询条件'), countyField('不选则查询全市水利风景区')],
  ),
  queryForm(
    'culture-industry-output',
    '文化产业总值查询',
    '按年度查询达州市及各区县文化及相关产业增加值、占地区生产总值比重和增速。',
    query('tourism', 'culture-output', 'table', [
      ['county', '地区'],
      ['year', '年度'],
      ['value', '增加值（亿元）'],
      ['share', '占GDP比重（%）'],
      ['growth', '增速'],
    ]),
    [querySection('查询条件'), { key: 'year', label: '统计年度', type: 'select', options: OUTPUT_YEARS.map((y) => ({ value: y, label: `${y}年` })), help: '不选则查询最近一年' }],
  ),
  queryForm(
    'rural-coop-tourism-list',
    '市级示范农民合作社文旅类名单',
    '查询达州市市级示范农民合作社中文化旅游类合作社的名称、统一社会信用代码、主营业务和认定年份，可按区县筛选。',
    query('tourism', 'rural-coops', 'list', [
      ['name', '合作社名称'],
      ['creditCode', '统一社会信用代码'],
      ['countyName', '所在区县'],
      ['business', '主营业务'],
      ['listedYear', '认定年份'],
    ]),
    [querySection('查询条件'), countyField('不选则查询全市名单')],
  ),
];

export const EDUCATION_QUERY_FORMS: QueryForm[] = [
  queryForm(
    'xuanhan-school-query',
    '宣汉学校查询',
    '查询宣汉县幼儿园、中小学和中职学校的学段、办学性质、地址、招生范围和联系电话，可按校名、学段或乡镇筛选。',
    query('education', 'xuanhan-schools', 'list', [
      ['name', '学校名称'],
      ['stage', '学段'],
      ['nature', '办学性质'],
      ['address', '地址'],
      ['enrolmentArea', '招生范围'],
      ['phone', '联系电话'],
    ]),
    [querySection('查询条件'), keywordField('校名、学段或乡镇', '如 小学、普光')],
  ),
  queryForm(
    'adult-exam-score',
    '成人高考成绩查询',
    '按登录身份和准考证号查询本人成人高考各科成绩、总分和录取最低控制分数线。',
    query('education', 'adult-exam-score', 'card', [
      ['name', '考生姓名'],
      ['ticketNo', '准考证号'],
      ['year', '考试年度'],
      ['level', '报考层次'],
      ['major', '报考专业'],
      ['scores', '各科成绩'],
      ['total', '总分'],
      ['line', '最低控制分数线'],
    ]),
    [...loginPersonFields('考生', '按登录身份查询本人的成人高考成绩'), querySection('考试信息'), ticketField],
  ),
  queryForm(
    'adult-exam-admission',
    '成人高考录取查询',
    '按登录身份和准考证号查询本人成人高考录取结果：录取院校、专业、层次和学习形式。',
    query('education', 'adult-exam-admission', 'card', [
      ['name', '考生姓名'],
      ['ticketNo', '准考证号'],
      ['status', '录取状态'],
      ['school', '录取院校'],
      ['major', '录取专业'],
      ['level', '层次'],
      ['studyMode', '学习形式'],
      ['admittedAt', '录取日期'],
    ]),
    [...loginPersonFields('考生', '按登录身份查询本人的成人高考录取结果'), querySection('考试信息'), ticketField],
  ),
];

export const CULTURE_FORMS: QueryForm[] = [...TOURISM_QUERY_FORMS, ...EDUCATION_QUERY_FORMS];
