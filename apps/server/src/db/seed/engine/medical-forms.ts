/**
 * The 医疗就诊 zone's 我要查 apps as data on the engine's 查询 kind (issue 12): each one form and
 * one workflow with the app's code, the workflow naming the 医保 system's query operation and how
 * its rows are laid out. Operators change labels, columns, layout or the operation in 表单设计 /
 * 流程配置 and the H5 shows it at the next request.
 *
 * - Personal queries (参保信息, 个人账户余额, 异地就医结算) ask for the insured person, prefilled
 *   from the login, and show a card per record.
 * - Directories (定点零售药店, 异地门诊机构) take an optional 地区 and keyword and show a list; the
 *   catalogues (诊疗项目, 药品) take an optional keyword and show a table.
 *
 * They are not any 事项's 在线办理 (the 医保 items keep their own forms), so they carry no item; the
 * department is the 医疗保障局 of the item named here.
 */
import type { FormField, WorkflowDefinition } from '@dz/contracts';
import { itemCode } from '../portal/items.js';
import type { SeedForm } from './palm-forms.js';
import { keywordField, loginPersonFields, queryWorkflow, type QueryLayout } from './query-kit.js';

export interface QueryForm extends Omit<SeedForm, 'itemCode'> {
  /** A seeded item of the bureau that answers: the form is filed under its department. */
  departmentItem: string;
}

/** The 医保 system's query `operation`, laid out as `layout` with these columns. */
const medicareQuery = (operation: string, layout: QueryLayout, columns: [key: string, label: string][]): WorkflowDefinition => queryWorkflow('medicare', operation, layout, columns);

const areaField = (label: string, areas: string[]): FormField => ({ key: 'area', label, type: 'select', options: areas.map((a) => ({ value: a, label: a })), help: '不选则查询全部地区' });

/** The 地区 the directories know (the 医保 system matches the name inside the institution's area). */
export const DAZHOU_AREAS = ['通川区', '达川区', '宣汉县', '开江县', '大竹县', '渠县', '万源市'];
export const PROVINCE_AREAS = ['成都市', '南充市', '巴中市', '广安市', '绵阳市', '宜宾市', '泸州市', '遂宁市'];
export const OTHER_PROVINCES = ['重庆市', '陕西省', '湖北省', '贵州省', '广东省', '浙江省', '北京市', '上海市'];

const PHARMACY_COLUMNS: [string, string][] = [
  ['name', '药店名称'],
  ['area', '所在地区'],
  ['address', '地址'],
  ['phone', '联系电话'],
  ['code', '机构编码'],
];
const DEPARTMENT_ITEM = itemCode('511700', 'SYB', 1);

/** A search of the 医保 system's lists: the filters under 查询条件, the rows as a list or a table. */
function searchForm(code: string, title: string, description: string, query: { operation: string; layout: 'list' | 'table'; columns: [string, string][] }, filters: FormField[]): QueryForm {
  return {
    code,
    title,
    description,
    departmentItem: DEPARTMENT_ITEM,
    workflowName: `${title}（医保信息平台查询）`,
    workflow: medicareQuery(query.operation, query.layout, query.columns),
    fields: [{ key: 'querySection', label: '查询条件', type: 'section' }, ...filters],
  };
}

/** 定点医药机构: by 地区 and name or address, a list. */
const directory = (code: string, title: string, description: string, operation: string, area: FormField, columns: [string, string][]) =>
  searchForm(code, title, description, { operation, layout: 'list', columns }, [area, keywordField('名称或地址', '如 大药房、人民路')]);

/** 目录: by name or code, a table. */
const catalogue = (code: string, title: string, description: string, operation: string, placeholder: string, columns: [string, string][]) =>
  searchForm(code, title, description, { operation, layout: 'table', columns }, [keywordField('名称或编码', placeholder)]);

export const MEDICAL_QUERY_FORMS: QueryForm[] = [
  {
    code: 'medical-insured-info',
    title: '医保个人参保信息查询',
    description: '按登录身份查询本人的基本医疗保险参保险种、参保状态、参保地、参保日期和参保单位。',
    departmentItem: DEPARTMENT_ITEM,
    workflowName: '医保个人参保信息查询（医保信息平台）',
    workflow: medicareQuery('insured-info', 'card', [
      ['name', '姓名'],
      ['idNumber', '公民身份号码'],
      ['insurance', '参保险种'],
      ['status', '参保状态'],
      ['personType', '人员类别'],
      ['place', '参保地'],
      ['since', '参保日期'],
      ['employer', '参保单位'],
    ]),
    fields: loginPersonFields('参保人', '按登录身份查询本人的医保信息'),
  },
  {
    code: 'medical-account-balance',
    title: '医保个人账户余额查询',
    description: '按登录身份查询本人职工医保个人账户余额、本年划入和支出，以及最近的账户交易。',
    departmentItem: DEPARTMENT_ITEM,
    workflowName: '医保个人账户余额查询（医保信息平台）',
    workflow: medicareQuery('account-balance', 'card', [
      ['balance', '账户余额（元）'],
      ['yearIn', '本年划入（元）'],
      ['yearOut', '本年支出（元）'],
      ['status', '账户状态'],
      ['asOf', '余额截至'],
      ['accountNo', '个人账户编号'],
      ['recent', '最近交易'],
    ]),
    fields: loginPersonFields('参保人', '按登录身份查询本人的医保信息'),
  },
  {
    code: 'medical-offsite-settlement',
    title: '异地就医结算',
    description: '按登录身份查询本人在备案就医地的异地就医直接结算记录：医疗总费用、统筹基金支付、个人账户支付和个人现金支付。',
    departmentItem: DEPARTMENT_ITEM,
    workflowName: '异地就医结算记录查询（医保信息平台）',
    workflow: medicareQuery('offsite-settlements', 'card', [
      ['date', '结算日期'],
      ['hospital', '就医机构'],
      ['area', '就医地'],
      ['visit', '就医类别'],
      ['total', '医疗总费用（元）'],
      ['fund', '统筹基金支付（元）'],
      ['account', '个人账户支付（元）'],
      ['cash', '个人现金支付（元）'],
      ['status', '结算状态'],
    ]),
    fields: [
      ...loginPersonFields('参保人', '按登录身份查询本人的医保信息'),
      { key: 'querySection', label: '查询条件', type: 'section' },
      { key: 'year', label: '结算年度', type: 'text', pattern: '^20\\d{2}$', patternMessage: '请填写4位年份，如 2025', maxLength: 4, placeholder: '如 2025', help: '不填则查询本年度' },
    ],
  },
  directory('medical-pharmacy-local', '本统筹区定点零售药店', '查询达州市医保定点零售药店的名称、地址和联系电话，可按区县和名称筛选。', 'pharmacy-local', areaField('所在区县', DAZHOU_AREAS), PHARMACY_COLUMNS),
  directory('medical-pharmacy-provincial', '省内异地定点零售药店', '查询四川省内其他市州可刷达州医保卡购药的定点零售药店，可按市州和名称筛选。', 'pharmacy-provincial', areaField('所在市州', PROVINCE_AREAS), [...PHARMACY_COLUMNS.slice(0, 4), ['settlement', '结算方式'], PHARMACY_COLUMNS[4]!]),
  directory('medical-pharmacy-interprovincial', '跨省异地定点零售药店', '查询外省开通跨省个人账户购药直接结算的定点零售药店，可按省市和名称筛选。', 'pharmacy-interprovincial', areaField('所在省市', OTHER_PROVINCES), [...PHARMACY_COLUMNS.slice(0, 4), ['settlement', '结算方式'], PHARMACY_COLUMNS[4]!]),
  directory('medical-outpatient-provincial', '省内异地普通门诊医疗机构', '查询四川省内其他市州开通普通门诊费用直接结算的定点医疗机构，可按市州和名称筛选。', 'outpatient-provincial', areaField('所在市州', PROVINCE_AREAS), [
    ['name', '医疗机构名称'],
    ['level', '医院等级'],
    ['type', '机构类型'],
    ['area', '所在地区'],
    ['address', '地址'],
    ['phone', '联系电话'],
    ['settlement', '结算方式'],
    ['code', '机构编码'],
  ]),
  catalogue('medical-treatment-catalog', '诊疗项目目录查询', '按项目名称或编码查询医保诊疗项目目录的甲乙类别和限价。', 'treatment-catalog', '如 血常规、CT', [
    ['code', '项目编码'],
    ['name', '项目名称'],
    ['spec', '计价单位'],
    ['category', '甲乙类'],
    ['price', '限价（元）'],
    ['note', '备注'],
  ]),
  catalogue('medical-western-catalog', '药品（西药或中成药）目录查询', '按药品名称或编码查询医保药品目录（西药和中成药）的剂型、规格、甲乙类别和支付标准。', 'western-catalog', '如 阿莫西林、胶囊', [
    ['code', '药品编码'],
    ['name', '药品名称'],
    ['form', '剂型'],
    ['spec', '规格'],
    ['category', '甲乙类'],
    ['price', '支付标准（元）'],
    ['note', '备注'],
  ]),
  catalogue('medical-herbal-catalog', '药品（中草药）目录', '按饮片名称或编码查询医保中药饮片目录的支付类别和支付标准。', 'herbal-catalog', '如 黄芪、当归', [
    ['code', '饮片编码'],
    ['name', '饮片名称'],
    ['spec', '炮制与规格'],
    ['category', '支付类别'],
    ['price', '支付标准（元/10g）'],
    ['note', '备注'],
  ]),
  catalogue('medical-hospital-made-catalog', '药品（自制药）目录', '按制剂名称或编码查询纳入医保支付的医疗机构制剂（院内自制药）及其配制单位。', 'hospital-made-catalog', '如 合剂、颗粒', [
    ['code', '制剂编码'],
    ['name', '制剂名称'],
    ['form', '剂型'],
    ['spec', '规格'],
    ['maker', '配制单位'],
    ['category', '甲乙类'],
    ['price', '支付标准（元）'],
  ]),
];
