/**
 * The 公共交通 zone's 我要查 and 我要办 apps as data on the applications engine (issue 13), the way
 * the 医疗就诊 我要查 apps are (medical-forms.ts): each app one form and one workflow with the app's
 * code. Operators change labels, columns, layout, the operation or the steps in 表单设计 / 流程配置.
 *
 * - 13 查询 on the 交通运输局道路运输管理系统 (bureau `transport`), one on the 公安局's system
 *   (出入境接待大厅, bureau `police`): a vehicle by its plate (validated as it is typed), a company
 *   by its 统一社会信用代码 (prefilled for a company's login), the login's own 营运驾驶员计分 (name
 *   and ID number bound to the login, like the 医保 personal queries), the public lists (客运班线,
 *   货运业户, 高速阻断, 处罚 / 许可公示, 接待大厅) by an optional or required keyword.
 * - 7 承诺件 handed to the same bureau system, which decides them: five 道路运输证年审 (the company,
 *   the vehicle, the papers SJT-2 lists) and two 从业资格证补发 (the driver, the papers SJT-3 lists).
 *
 * None is an item's 在线办理 (the items SJT-2 / SJT-3 keep their own generic form, one per item), so
 * they carry no item; the department is the 交通运输局 of the item named here.
 */
import type { FormField, WorkflowDefinition } from '@dz/contracts';
import { itemCode } from '../portal/items.js';
import { applicantFields, dateWithin, fileMaterial, ID_CARD_SAMPLE, imageMaterial, PHOTO_SAMPLE } from './fields.js';
import type { QueryForm } from './medical-forms.js';
import { handoffSteps } from './palm-forms.js';
import { keywordField, loginPersonFields, querySection, queryWorkflow as query } from './query-kit.js';


/** 道路运输证年审 (承诺1个工作日): the department of the 交通运输局 and the promise of its guide. */
const REVIEW_ITEM = itemCode('511700', 'SJT', 2);
/** 道路运输驾驶员从业资格证补发 (承诺1个工作日). */
const REISSUE_ITEM = itemCode('511700', 'SJT', 3);
/** Both items promise 1 working day (items.ts: 法定5个工作日，承诺1个工作日). */
const PROMISED_DAYS = 1;

export const TRANSPORT_SYSTEM = '交通运输局道路运输管理系统';

/** A Chinese plate: province character, issuing-office letter (达州 is 川S), 5 characters (6 for new energy). */
export const PLATE = '^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-HJ-NP-Z0-9]{5,6}$';
const plateField = (help: string): FormField => ({ key: 'plate', label: '号牌号码', type: 'text', required: true, pattern: PLATE, patternMessage: '请填写完整号牌，如 川S12345，字母大写', placeholder: '如 川S12345', maxLength: 8, help });

/** A company by its 统一社会信用代码: a company's login finds its own prefilled. */
const creditCodeField = (help: string): FormField => ({ key: 'creditCode', label: '统一社会信用代码', type: 'creditCode', required: true, prefill: 'company.creditCode', help });

/** The 地区 of the 出入境接待大厅 (the 公安局 matches the name inside the hall's area). */
export const HALL_AREAS = ['通川区', '达川区', '宣汉县', '开江县', '大竹县', '渠县', '万源市'];

function queryForm(code: string, title: string, description: string, workflow: WorkflowDefinition, fields: FormField[]): QueryForm {
  const system = workflow.partner === 'police' ? '公安局出入境管理系统' : TRANSPORT_SYSTEM;
  return { code, title, description, departmentItem: workflow.partner === 'police' ? itemCode('511700', 'SGA', 1) : REVIEW_ITEM, workflowName: `${title}（${system}）`.slice(0, 60), workflow, fields };
}

const VEHICLE_HELP = '按号牌查询营运车辆的道路运输证信息';

export const TRANSPORT_QUERY_FORMS: QueryForm[] = [
  queryForm(
    'passenger-transport-business',
    '客运业务',
    '查询从达州发出的道路客运班线：起讫地、发车站、每日班次、票价和经营单位，可按出发地、目的地或车站筛选。',
    query('transport', 'passenger-lines', 'list', [
      ['lineName', '班线名称'],
      ['from', '出发地'],
      ['to', '目的地'],
      ['station', '发车站'],
      ['departures', '发班时间'],
      ['price', '票价（元）'],
      ['operator', '经营单位'],
    ]),
    [querySection('查询条件'), keywordField('出发地、目的地或车站', '如 成都、达州汽车客运中心')],
  ),
  queryForm(
    'freight-business',
    '货运业务',
    '查询达州市道路货物运输经营业户的经营许可证号、经营范围、有效期和经营状态，可按业户名称筛选。',
    query('transport', 'freight-operators', 'list', [
      ['name', '业户名称'],
      ['creditCode', '统一社会信用代码'],
      ['licenceNo', '道路运输经营许可证号'],
      ['scope', '经营范围'],
      ['address', '经营地址'],
      ['validUntil', '许可有效期至'],
      ['status', '经营状态'],
    ]),
    [querySection('查询条件'), keywordField('业户名称', '如 物流、运输')],
  ),
  queryForm(
    'passenger-vehicle-query',
    '客运车辆',
    '按号牌查询道路客运车辆的经营业户、道路运输证号、核定座位、运输证有效期和下次年审日期。',
    query('transport', 'passenger-vehicle', 'card', [
      ['plate', '号牌号码'],
      ['operator', '经营业户'],
      ['transportCertNo', '道路运输证号'],
      ['vehicleType', '车辆类型'],
      ['seats', '核定座位（座）'],
      ['certValidUntil', '运输证有效期至'],
      ['reviewDue', '下次年审日期'],
      ['status', '营运状态'],
    ]),
    [querySection('车辆信息'), plateField(VEHICLE_HELP)],
  ),
  queryForm(
    'freight-vehicle-query',
    '普货车辆',
    '按号牌查询普通货运车辆的经营业户、道路运输证号、核定载质量、运输证有效期和下次年审日期。',
    query('transport', 'freight-vehicle', 'card', [
      ['plate', '号牌号码'],
      ['operator', '经营业户'],
      ['transportCertNo', '道路运输证号'],
      ['vehicleType', '车辆类型'],
      ['tonnage', '核定载质量（吨）'],
      ['certValidUntil', '运输证有效期至'],
      ['reviewDue', '下次年审日期'],
      ['status', '营运状态'],
    ]),
    [querySection('车辆信息'), plateField(VEHICLE_HELP)],
  ),
  queryForm(
    'cruising-taxi-query',
    '巡游出租车',
    '按号牌查询巡游出租汽车的所属企业、道路运输证号、车型、运输证有效期和下次年审日期。',
    query('transport', 'taxi-vehicle', 'card', [
      ['plate', '号牌号码'],
      ['company', '所属企业'],
      ['transportCertNo', '道路运输证号'],
      ['vehicleModel', '车辆型号'],
      ['certValidUntil', '运输证有效期至'],
      ['reviewDue', '下次年审日期'],
      ['status', '营运状态'],
    ]),
    [querySection('车辆信息'), plateField('按号牌查询巡游出租汽车的营运信息')],
  ),
  queryForm(
    'enterprise-score-query',
    '企业记分查询',
    '按统一社会信用代码查询道路运输企业的年度质量信誉考核记分、信誉等级和记分记录。',
    query('transport', 'enterprise-score', 'card', [
      ['name', '企业名称'],
      ['creditCode', '统一社会信用代码'],
      ['year', '考核年度'],
      ['score', '考核得分'],
      ['level', '信誉等级'],
      ['records', '记分记录'],
    ]),
    [querySection('企业信息'), creditCodeField('企业账号登录时自动填入本企业的代码')],
  ),
  queryForm(
    'driver-score-query',
    '营运驾驶员计分查询',
    '按登录身份查询本人的道路运输从业资格证号、从业资格类别、本计分周期的累计记分和记分记录。',
    query('transport', 'driver-score', 'card', [
      ['name', '姓名'],
      ['qualificationNo', '从业资格证号'],
      ['category', '从业资格类别'],
      ['cycle', '计分周期'],
      ['points', '累计记分'],
      ['records', '记分记录'],
    ]),
    loginPersonFields('驾驶员', '按登录身份查询本人的营运驾驶员计分'),
  ),
  queryForm(
    'highway-closure-query',
    '高速公路阻断信息查询',
    '查询达州境内高速公路因施工、事故、恶劣天气等造成的阻断信息、预计恢复时间和绕行建议，可按路段筛选。',
    query('transport', 'highway-closures', 'list', [
      ['road', '高速公路'],
      ['section', '阻断路段'],
      ['direction', '方向'],
      ['reason', '阻断原因'],
      ['startAt', '开始时间'],
      ['expectedEndAt', '预计恢复时间'],
      ['detour', '绕行建议'],
    ]),
    [querySection('查询条件'), keywordField('高速公路或路段', '如 G65、包茂高速、达州')],
  ),
  queryForm(
    'vehicle-inspection-query',
    '营运车辆检测记录查询',
    '按号牌查询营运车辆历次综合性能检测的日期、检测机构、检测类别、检测结论和下次检测日期。',
    query('transport', 'vehicle-inspections', 'table', [
      ['date', '检测日期'],
      ['station', '检测机构'],
      ['kind', '检测类别'],
      ['result', '检测结论'],
      ['nextDue', '下次检测日期'],
    ]),
    [querySection('车辆信息'), plateField('按号牌查询营运车辆的综合性能检测记录')],
  ),
  queryForm(
    'transport-penalty-query',
    '交通运输行政处罚查询',
    '按当事人名称或处罚决定书文号查询交通运输部门公示的行政处罚决定。',
    query('transport', 'penalties', 'list', [
      ['decisionNo', '处罚决定书文号'],
      ['party', '当事人'],
      ['violation', '违法行为'],
      ['basis', '处罚依据'],
      ['penalty', '处罚内容'],
      ['decidedAt', '处罚决定日期'],
      ['authority', '处罚机关'],
    ]),
    [querySection('查询条件'), keywordField('当事人名称或决定书文号', '如 物流有限公司、达市交罚', true)],
  ),
  queryForm(
    'transport-permit-query',
    '交通运输行政许可查询',
    '按当事人名称或许可证号查询交通运输部门公示的行政许可决定。',
    query('transport', 'permits', 'list', [
      ['permitNo', '许可证号'],
      ['party', '当事人'],
      ['item', '许可事项'],
      ['content', '许可内容'],
      ['decidedAt', '许可决定日期'],
      ['validUntil', '有效期至'],
      ['authority', '许可机关'],
    ]),
    [querySection('查询条件'), keywordField('当事人名称或许可证号', '如 运输有限公司、511700', true)],
  ),
  queryForm(
    'company-driver-score-query',
    '道路运输企业所属驾驶员记分查询',
    '按统一社会信用代码查询道路运输企业所属营运驾驶员本计分周期的累计记分。',
    query('transport', 'company-driver-scores', 'table', [
      ['driverName', '驾驶员'],
      ['qualificationNo', '从业资格证号'],
      ['category', '从业资格类别'],
      ['points', '累计记分'],
      ['cycle', '计分周期'],
    ]),
    [querySection('企业信息'), creditCodeField('企业账号登录时自动填入本企业的代码')],
  ),
  queryForm(
    'exit-entry-hall-query',
    '达州市公安局出入境接待大厅信息查询',
    '查询达州市及各区县公安出入境接待大厅的地址、联系电话、办公时间和可办业务，可按区县筛选。',
    query('police', 'exit-entry-halls', 'list', [
      ['name', '接待大厅'],
      ['area', '所在区县'],
      ['address', '地址'],
      ['phone', '联系电话'],
      ['hours', '办公时间'],
      ['services', '可办业务'],
    ]),
    [querySection('查询条件'), { key: 'area', label: '所在区县', type: 'select', options: HALL_AREAS.map((a) => ({ value: a, label: a })), help: '不选则查询全部接待大厅' }],
  ),
];

// ---------------------------------------------------------------------------------------------
// 承诺件: 道路运输证年审 and 从业资格证补发, decided by the bureau system.

/** 道路运输证号: the 12 digits printed on the certificate (6-digit region code, then 6). */
const CERT_NO = { pattern: '^\\d{12}$', patternMessage: '请填写道路运输证上的12位证号' } as const;
/** 从业资格证号: the holder's ID number since the national system, or the old 12-digit number. */
const QUALIFICATION_NO = { pattern: '^(\\d{17}[\\dXx]|\\d{12})$', patternMessage: '请填写18位（与身份证号一致）或12位从业资格证号' } as const;

const PLATE_COLORS = [
  { value: 'yellow', label: '黄色' },
  { value: 'blue', label: '蓝色' },
  { value: 'yellow-green', label: '黄绿双拼色（新能源）' },
  { value: 'green', label: '渐变绿色（新能源）' },
];

/** The vehicle whose 道路运输证 is reviewed. */
function vehicleFields(extra: FormField[] = []): FormField[] {
  return [
    { key: 'vehicleSection', label: '车辆信息', type: 'section' },
    { key: 'plate', label: '号牌号码', type: 'text', required: true, pattern: PLATE, patternMessage: '请填写完整号牌，如 川S12345，字母大写', placeholder: '如 川S12345', maxLength: 8 },
    { key: 'plateColor', label: '号牌颜色', type: 'select', required: true, options: PLATE_COLORS },
    { key: 'transportCertNo', label: '道路运输证号', type: 'text', required: true, ...CERT_NO, placeholder: '12位数字', maxLength: 12 },
    ...extra,
    { key: 'inspectionDate', label: '综合性能检测日期', type: 'date', required: true, ...dateWithin(90, 0), help: '须为最近3个月内的检测' },
  ];
}

/** The papers every 年审 asks (SJT-2: 道路运输证 原件, 车辆综合性能检测报告), plus what the kind needs. */
function reviewMaterials(extra: FormField[] = []): FormField[] {
  return [
    { key: 'materialsSection', label: '申请材料', type: 'section' },
    imageMaterial('transportCert', '道路运输证', { required: true, count: 2, help: '请上传道路运输证正、副页原件的清晰照片' }),
    fileMaterial('inspectionReport', '车辆综合性能检测报告', { required: true, help: '具备资质的检测机构出具的报告，请上传扫描件或清晰照片' }),
    imageMaterial('drivingLicence', '机动车行驶证', { required: true, count: 2, help: '请上传行驶证正、副页的清晰照片' }),
    ...extra,
  ];
}

const GPS: FormField = {
  key: 'gpsOnline',
  label: '卫星定位装置',
  type: 'radio',
  required: true,
  options: [
    { value: 'yes', label: '已安装并接入监控平台' },
    { value: 'no', label: '未安装或未接入' },
  ],
  help: '按规定须安装的车辆未接入监控平台的，年审不予通过',
};

const YES_NO = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];
const PICKUP = [
  { value: 'post', label: '邮寄到付' },
  { value: 'window', label: '窗口领取（达州市政务服务中心交通运输窗口）' },
];
/** 危险货物类别 (GB 6944); 第7类 放射性物品 has its own 许可 and is not reviewed here. */
const DANGER_CLASSES: [string, string][] = [
  ['class1', '第1类 爆炸品'],
  ['class2', '第2类 气体'],
  ['class3', '第3类 易燃液体'],
  ['class4', '第4类 易燃固体、易于自燃的物质、遇水放出易燃气体的物质'],
  ['class5', '第5类 氧化性物质和有机过氧化物'],
  ['class6', '第6类 毒性物质和感染性物质'],
  ['class8', '第8类 腐蚀性物质'],
  ['class9', '第9类 杂项危险物质和物品'],
];

interface PromiseSpec {
  code: string;
  title: string;
  description: string;
  item: string;
  fields: FormField[];
}

function promiseForm(s: PromiseSpec): QueryForm {
  return {
    code: s.code,
    title: s.title,
    description: s.description,
    departmentItem: s.item,
    workflowName: `${s.title}（${TRANSPORT_SYSTEM}审批）`.slice(0, 60),
    workflow: { kind: 'promise', timeLimitDays: PROMISED_DAYS, steps: handoffSteps(), partner: 'transport', document: null },
    fields: s.fields,
  };
}

/** A 年审 of a company's vehicle: the company (prefilled for a company's login) and its 经办人. */
const review = (code: string, title: string, description: string, vehicle: FormField[], materials: FormField[]) =>
  promiseForm({ code, title, description, item: REVIEW_ITEM, fields: [...applicantFields({ corp: true }), ...vehicle, ...reviewMaterials(materials)] });

/** A driver's 从业资格证 lost or damaged: the driver (the login) and the papers SJT-3 lists. */
function reissue(code: string, title: string, description: string, categories: string[]): QueryForm {
  return promiseForm({
    code,
    title,
    description,
    item: REISSUE_ITEM,
    fields: [
      ...applicantFields(),
      { key: 'certSection', label: '从业资格证信息', type: 'section' },
      { key: 'qualificationNo', label: '从业资格证号', type: 'text', required: true, ...QUALIFICATION_NO, prefill: 'user.idNumber', help: '一般与本人公民身份号码一致' },
      // 免提交: filled from the holder's 电子证照 (机动车驾驶证) once they agree for this form.
      { key: 'drivingLicenceNo', label: '机动车驾驶证号', type: 'text', maxLength: 18, pattern: '^[0-9A-Z]{12,18}$', patternMessage: '请填写驾驶证上的证号（一般为身份证号）', prefill: 'licence.driving-licence.licenceNo', help: '同意调用电子证照后自动填写' },
      { key: 'category', label: '从业资格类别', type: 'select', required: true, options: categories.map((c) => ({ value: c, label: c })) },
      {
        key: 'reason',
        label: '补发原因',
        type: 'radio',
        required: true,
        options: [
          { value: 'lost', label: '遗失' },
          { value: 'damaged', label: '损毁' },
        ],
      },
      { key: 'pickup', label: '领取方式', type: 'radio', required: true, options: PICKUP },
      { key: 'postAddress', label: '邮寄地址', type: 'textarea', required: true, minLength: 5, maxLength: 200, showIf: { key: 'pickup', equals: 'post' } },
      { key: 'materialsSection', label: '申请材料', type: 'section' },
      imageMaterial('idCard', '居民身份证', { required: true, count: 2, sampleUrl: ID_CARD_SAMPLE, help: '请上传人像面和国徽面的清晰照片' }),
      imageMaterial('driverLicence', '机动车驾驶证', { required: true, count: 2, help: '请上传驾驶证正、副页的清晰照片' }),
      imageMaterial('photo', '本人近期一寸白底证件照', { required: true, count: 1, sampleUrl: PHOTO_SAMPLE }),
      imageMaterial('damagedCert', '损毁的原从业资格证', { required: true, count: 2, showIf: { key: 'reason', equals: 'damaged' } }),
    ],
  });
}

export const TRANSPORT_PROMISE_FORMS: QueryForm[] = [
  review(
    'freight-cert-review',
    '普货车辆运输证年审',
    '道路普通货物运输车辆的道路运输证年度审验：提交车辆综合性能检测报告等材料，交通运输局审验通过后延续审验有效期。',
    vehicleFields([{ key: 'tonnage', label: '核定载质量（吨）', type: 'number', required: true, min: 0.5, max: 100 }, GPS]),
    [],
  ),
  review(
    'dangerous-cert-review',
    '危货车辆运输证年审',
    '道路危险货物运输车辆的道路运输证年度审验：除检测报告外，罐式车辆须提交罐体检验合格报告，车辆须接入卫星定位监控平台。',
    vehicleFields([
      {
        key: 'dangerClass',
        label: '运输危险货物类别',
        type: 'checkbox',
        required: true,
        min: 1,
        options: DANGER_CLASSES.map(([value, label]) => ({ value, label })),
      },
      { key: 'tankVehicle', label: '是否罐式车辆', type: 'radio', required: true, options: YES_NO },
      GPS,
    ]),
    [
      fileMaterial('tankReport', '罐体检验合格报告', { required: true, showIf: { key: 'tankVehicle', equals: 'yes' } }),
      fileMaterial('insurance', '危险货物承运人责任保险单', { required: true }),
    ],
  ),
  review(
    'passenger-cert-review',
    '客运车辆运输证年审',
    '道路旅客运输车辆的道路运输证年度审验：提交车辆综合性能检测报告、客车类型等级评定和承运人责任险保单。',
    vehicleFields([{ key: 'seats', label: '核定座位（座）', type: 'number', required: true, min: 5, max: 70 }, GPS]),
    [
      fileMaterial('gradeReport', '客车类型等级评定表', { required: true }),
      fileMaterial('insurance', '承运人责任保险单', { required: true }),
    ],
  ),
  reissue('passenger-driver-reissue', '旅客运输驾驶员补证', '经营性道路旅客运输驾驶员从业资格证遗失或损毁的补发，审核通过后按原证号补发。', ['经营性道路旅客运输驾驶员', '巡游出租汽车驾驶员', '网络预约出租汽车驾驶员']),
  reissue('freight-driver-reissue', '货运驾驶员资格证补发', '经营性道路货物运输驾驶员从业资格证遗失或损毁的补发，审核通过后按原证号补发。', ['经营性道路货物运输驾驶员', '道路危险货物运输驾驶员']),
  review(
    'taxi-cert-review',
    '巡游出租车运输证年审',
    '巡游出租汽车的道路运输证年度审验：提交车辆检测报告、计价器检定证书等材料。',
    vehicleFields([{ key: 'vehicleModel', label: '车辆型号', type: 'text', required: true, maxLength: 40, placeholder: '如 比亚迪秦EV' }]),
    [fileMaterial('meterCert', '出租汽车计价器检定证书', { required: true })],
  ),
  review(
    'coach-car-cert-review',
    '教练车道路运输证年审',
    '机动车驾驶员培训机构教学车辆的道路运输证年度审验：提交车辆综合性能检测报告和副制动装置照片。',
    vehicleFields([
      {
        key: 'coachClass',
        label: '培训车型',
        type: 'select',
        required: true,
        options: ['A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2'].map((c) => ({ value: c, label: `${c} 教练车` })),
      },
    ]),
    [imageMaterial('brakeProof', '副制动装置照片', { required: true, count: 2, help: '请拍摄副驾驶位辅助制动踏板的清晰照片' })],
  ),
];

export const TRANSPORT_FORMS: QueryForm[] = [...TRANSPORT_QUERY_FORMS, ...TRANSPORT_PROMISE_FORMS];
