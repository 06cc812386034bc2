/**
 * The ten 掌上办 applications as data (issue 10): each one form and one workflow with the SAME
 * code (fixed: the H5, the console, the cases core and their tests use them), filed under the
 * seeded 事项 whose guide it completes. Fields are what the 达州 offices ask on their paper forms;
 * materials are uploads with the kinds, counts and sizes a phone can manage.
 */
import type { FormField, WorkflowDefinition, WorkflowStep } from '@dz/contracts';
import { itemCode } from '../portal/items.js';
import { applicantFields, BANK_CARD, BANK_CARD_SAMPLE, dateWithin, fileMaterial, imageMaterial, ID_CARD_SAMPLE, PHOTO_SAMPLE } from './fields.js';

export interface SeedForm {
  code: string;
  title: string;
  description: string;
  /** The seeded item (事项) this form is the 在线办理 of (form_defs.item_id). */
  itemCode: string;
  workflowName: string;
  workflow: WorkflowDefinition;
  fields: FormField[];
}

/** 受理 → 审查 → 决定 → 办结 by staff (承诺件 without a bureau system). */
export function staffSteps(limit: number): WorkflowStep[] {
  const review = Math.max(0, limit - 2);
  return [
    { key: 'accept', name: '受理', permission: 'case:handle', actions: ['accept', 'reject', 'request-supplement'], days: 1 },
    { key: 'review', name: '审查', permission: 'case:review', actions: ['approve', 'return', 'request-supplement', 'transfer'], days: review },
    { key: 'decide', name: '决定', permission: 'case:review', actions: ['approve', 'deny', 'return'], days: 1 },
    { key: 'complete', name: '办结', permission: 'case:handle', actions: ['complete'], days: 0 },
  ];
}

/** A bureau system decides: staff only receive the case and see it through to 办结. */
export function handoffSteps(): WorkflowStep[] {
  return [
    { key: 'accept', name: '受理', permission: 'case:handle', actions: ['accept', 'reject', 'request-supplement'], days: 1 },
    { key: 'complete', name: '办结', permission: 'case:handle', actions: ['complete', 'deny'] },
  ];
}

const yesNo = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];
const GENDER = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
];
/** A Chinese plate: province character, issuing-office letter (达州 is 川S), 5 characters (6 for new energy). */
const PLATE = '^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-HJ-NP-Z0-9]{5,6}$';

export const PALM_FORMS: SeedForm[] = [
  {
    code: 'social-insurance-proof',
    title: '社保参保证明打印',
    description: '按登录身份即时查询本人在达州市的社会保险参保情况，生成带电子签章和核验二维码的参保证明（PDF）。',
    itemCode: itemCode('511700', 'SRS', 1),
    workflowName: '社保参保证明（即办）',
    workflow: {
      kind: 'instant',
      timeLimitDays: 0,
      steps: [],
      partner: 'social',
      query: {
        operation: 'insurance-proof',
        layout: 'card',
        columns: [
          { key: 'employer', label: '参保单位' },
          { key: 'insurance', label: '险种' },
          { key: 'status', label: '参保状态' },
          { key: 'months', label: '累计缴费月数' },
        ],
      },
      document: 'social-insurance-proof',
    },
    fields: [
      ...applicantFields(),
      { key: 'proofSection', label: '证明内容', type: 'section' },
      {
        key: 'insuranceTypes',
        label: '证明险种',
        type: 'checkbox',
        required: true,
        min: 1,
        options: [
          { value: 'pension', label: '企业职工基本养老保险' },
          { value: 'medical', label: '职工基本医疗保险' },
          { value: 'unemployment', label: '失业保险' },
          { value: 'injury', label: '工伤保险' },
        ],
      },
      { key: 'fromDate', label: '证明起始日期', type: 'date', help: '不填则证明全部缴费记录', ...dateWithin(36500, 0) },
      {
        key: 'purpose',
        label: '证明用途',
        type: 'select',
        required: true,
        options: [
          { value: 'house', label: '购房资格审核' },
          { value: 'school', label: '子女入学' },
          { value: 'settle', label: '落户' },
          { value: 'car', label: '购车摇号' },
          { value: 'other', label: '其他' },
        ],
      },
      { key: 'purposeDetail', label: '其他用途说明', type: 'text', required: true, maxLength: 50, showIf: { key: 'purpose', equals: 'other' } },
    ],
  },
  {
    code: 'housing-fund-withdraw',
    title: '住房公积金提取',
    description: '购房、租房、偿还贷款、离职、退休等情形提取本人住房公积金，审核通过后转入本人银行卡。',
    itemCode: itemCode('511700', 'SGJJ', 1),
    workflowName: '住房公积金提取（公积金中心审批）',
    // The centre checks the amount against the withdrawable balance and the reason's limit before
    // the case is filed (issue 14): a refusal is a message under 提取金额, nothing is filed.
    workflow: { kind: 'promise', timeLimitDays: 1, steps: handoffSteps(), partner: 'housing-fund', document: null, precheck: { operation: 'withdraw' } },
    fields: [
      // The fund is the login's own: the engine binds name and ID number to the login (precheck).
      ...applicantFields().map((f): FormField => (f.key === 'applicantIdNumber' ? { ...f, help: '按登录身份提取本人账户的公积金' } : f)),
      { key: 'accountSection', label: '提取信息', type: 'section' },
      { key: 'fundAccount', label: '个人公积金账号', type: 'text', pattern: '^\\d{8,20}$', patternMessage: '请填写8至20位数字账号', help: '不填则按身份证号匹配本人账户' },
      {
        key: 'reason',
        label: '提取原因',
        type: 'select',
        required: true,
        help: '租房提取每年不超过14,400元；购房、还贷、离职、退休、重大疾病提取不超过账户可提取余额',
        options: [
          { value: 'purchase', label: '购买自住住房' },
          { value: 'loan', label: '偿还自住住房贷款本息' },
          { value: 'rent', label: '租赁自住住房' },
          { value: 'resign', label: '离职（与单位终止劳动关系）' },
          { value: 'retire', label: '离休、退休' },
          { value: 'illness', label: '本人或家庭成员患重大疾病' },
        ],
      },
      // 到分: the pattern is for checkForm once number fields honour `pattern` (they do not yet; meanwhile the centre's check refuses a third decimal: 422 金额应为数字（元），最多两位小数).
      { key: 'amount', label: '提取金额（元）', type: 'number', required: true, min: 0.01, max: 500000, pattern: '^\\d+(\\.\\d{1,2})?$', patternMessage: '请精确到分，最多两位小数', placeholder: '如 3600.00', help: '精确到分。不超过账户可提取余额；租房提取每年不超过14,400元。提交时由公积金中心核对' },
      { key: 'bankName', label: '收款银行', type: 'select', required: true, options: ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '交通银行', '中国邮政储蓄银行', '四川银行', '达州银行'].map((b) => ({ value: b, label: b })) },
      { key: 'bankCard', label: '收款银行卡号', type: 'text', required: true, sensitive: true, ...BANK_CARD, help: '须为申请人本人名下的借记卡' },
      { key: 'materialsSection', label: '证明材料', type: 'section' },
      fileMaterial('purchaseContract', '购房合同或不动产权证书', { required: true, showIf: { key: 'reason', equals: 'purchase' } }),
      fileMaterial('purchaseInvoice', '购房发票', { required: true, count: 3, showIf: { key: 'reason', equals: 'purchase' } }),
      fileMaterial('loanContract', '借款合同及还款明细', { required: true, showIf: { key: 'reason', equals: 'loan' } }),
      fileMaterial('rentContract', '房屋租赁合同', { required: true, showIf: { key: 'reason', equals: 'rent' } }),
      fileMaterial('resignProof', '解除或终止劳动关系证明', { required: true, count: 3, showIf: { key: 'reason', equals: 'resign' } }),
      fileMaterial('retireProof', '退休证或退休审批表', { required: true, count: 3, showIf: { key: 'reason', equals: 'retire' } }),
      fileMaterial('illnessProof', '二级以上医院诊断证明及费用票据', { required: true, showIf: { key: 'reason', equals: 'illness' } }),
      imageMaterial('bankCardPhoto', '本人银行卡正面照片', { required: true, count: 1, sampleUrl: BANK_CARD_SAMPLE }),
    ],
  },
  {
    code: 'real-estate-query',
    title: '不动产登记查询',
    description: '按登录身份查询本人名下在达州市登记的不动产（证号、坐落、面积、用途、登记时间）。',
    itemCode: itemCode('511700', 'SBDC', 1),
    workflowName: '不动产登记资料查询',
    workflow: {
      kind: 'query',
      timeLimitDays: 0,
      steps: [],
      partner: 'real-estate',
      query: {
        operation: 'property-records',
        layout: 'card',
        columns: [
          { key: 'certNo', label: '不动产权证号' },
          { key: 'location', label: '坐落' },
          { key: 'area', label: '建筑面积（㎡）' },
          { key: 'usage', label: '用途' },
          { key: 'registeredAt', label: '登记时间' },
        ],
      },
      document: null,
    },
    fields: [
      ...applicantFields(),
      { key: 'querySection', label: '查询条件', type: 'section' },
      {
        key: 'scope',
        label: '查询范围',
        type: 'radio',
        required: true,
        options: [
          { value: 'all', label: '本人名下全部不动产' },
          { value: 'cert', label: '指定不动产权证书' },
        ],
      },
      { key: 'certNo', label: '不动产权证号', type: 'text', required: true, maxLength: 40, placeholder: '川（2024）达州市不动产权第0012345号', showIf: { key: 'scope', equals: 'cert' } },
      {
        key: 'purpose',
        label: '查询目的',
        type: 'select',
        required: true,
        options: [
          { value: 'self', label: '了解本人不动产情况' },
          { value: 'loan', label: '办理贷款' },
          { value: 'school', label: '子女入学' },
          { value: 'other', label: '其他' },
        ],
      },
    ],
  },
  {
    code: 'residence-permit',
    title: '居住证办理',
    description: '在达州市居住半年以上、有合法稳定就业或住所或连续就读的非本市户籍人员，申领四川省居住证。',
    itemCode: itemCode('511700', 'SGA', 1),
    workflowName: '居住证签发（受理、审查、决定、办结）',
    workflow: { kind: 'promise', timeLimitDays: 15, steps: staffSteps(15), partner: null, document: null },
    fields: [
      ...applicantFields(),
      { key: 'gender', label: '性别', type: 'radio', required: true, options: GENDER },
      // Applicants come from outside the city: a free-text place, not the Dazhou region picker.
      { key: 'hukouRegion', label: '户籍所在地', type: 'text', required: true, minLength: 4, maxLength: 60, placeholder: '省、市、县（区），如 四川省南充市顺庆区', help: '按户口簿填写户籍所在的省、市、县（区）' },
      { key: 'residenceSection', label: '居住信息', type: 'section' },
      { key: 'residenceRegion', label: '居住地（区县）', type: 'region', required: true, help: '达州市内的区县' },
      { key: 'residenceAddress', label: '居住详细地址', type: 'text', required: true, minLength: 5, maxLength: 100, placeholder: '街道、小区、楼栋、门牌号' },
      { key: 'residenceSince', label: '居住起始日期', type: 'date', required: true, help: '须已在本地居住满半年', ...dateWithin(36500, 0) },
      {
        key: 'residenceType',
        label: '住所类型',
        type: 'select',
        required: true,
        options: [
          { value: 'own', label: '自有住房' },
          { value: 'rent', label: '租赁住房' },
          { value: 'dorm', label: '单位或学校宿舍' },
          { value: 'relative', label: '借住亲友住房' },
        ],
      },
      {
        key: 'basis',
        label: '申领条件',
        type: 'radio',
        required: true,
        options: [
          { value: 'work', label: '合法稳定就业' },
          { value: 'study', label: '连续就读' },
          { value: 'home', label: '合法稳定住所' },
        ],
      },
      { key: 'employer', label: '就业单位名称', type: 'text', required: true, maxLength: 100, showIf: { key: 'basis', equals: 'work' } },
      { key: 'employerCreditCode', label: '就业单位统一社会信用代码', type: 'creditCode', showIf: { key: 'basis', equals: 'work' } },
      { key: 'school', label: '就读学校名称', type: 'text', required: true, maxLength: 100, showIf: { key: 'basis', equals: 'study' } },
      { key: 'studentNo', label: '学籍号', type: 'text', maxLength: 30, showIf: { key: 'basis', equals: 'study' } },
      { key: 'materialsSection', label: '申请材料', type: 'section' },
      imageMaterial('photo', '近期一寸免冠彩色照片', { required: true, count: 1, maxSizeKb: 2048, sampleUrl: PHOTO_SAMPLE, help: '白色背景、正面免冠、不戴眼镜，头部占照片约三分之二' }),
      imageMaterial('idCardPhoto', '居民身份证正反面', { required: true, min: 2, count: 2, sampleUrl: ID_CARD_SAMPLE }),
      fileMaterial('residenceProof', '居住地住所证明（房屋租赁合同或房屋产权证明）', { required: true }),
      fileMaterial('workProof', '劳动合同或单位出具的就业证明', { required: true, count: 3, showIf: { key: 'basis', equals: 'work' } }),
      fileMaterial('studyProof', '学校出具的就读证明', { required: true, count: 2, showIf: { key: 'basis', equals: 'study' } }),
    ],
  },
  {
    code: 'newborn-bundle',
    title: '新生儿出生一件事',
    description: '一次填报，同时办理出生医学证明、户口登记、城乡居民医保参保登记和社会保障卡申领。',
    itemCode: itemCode('511700', 'SWJW', 1),
    workflowName: '新生儿出生一件事（四部门并联）',
    workflow: {
      kind: 'bundle',
      timeLimitDays: 5,
      steps: handoffSteps(),
      parts: [
        { code: 'birth-cert', name: '出生医学证明', department: '达州市卫生健康委员会', partner: 'health' },
        { code: 'hukou', name: '户口登记', department: '达州市公安局', partner: 'police' },
        { code: 'medicare', name: '城乡居民医保参保登记', department: '达州市医疗保障局', partner: 'medicare' },
        { code: 'social-card', name: '社会保障卡申领', department: '达州市人力资源和社会保障局', partner: 'social' },
      ],
      partner: null,
      document: null,
    },
    fields: [
      ...applicantFields(),
      {
        key: 'relation',
        label: '申请人与新生儿关系',
        type: 'radio',
        required: true,
        options: [
          { value: 'father', label: '父亲' },
          { value: 'mother', label: '母亲' },
        ],
      },
      { key: 'babySection', label: '新生儿信息', type: 'section' },
      { key: 'babyName', label: '新生儿姓名', type: 'text', required: true, minLength: 2, maxLength: 20, sensitive: true },
      { key: 'babyGender', label: '性别', type: 'radio', required: true, options: GENDER },
      { key: 'birthDate', label: '出生日期', type: 'date', required: true, help: '不能晚于今天', ...dateWithin(365, 0) },
      { key: 'birthPlace', label: '出生医院', type: 'text', required: true, maxLength: 60, placeholder: '如：达州市中心医院' },
      { key: 'birthCertNo', label: '出生医学证明编号', type: 'text', required: true, pattern: '^[A-Z]\\d{9}$', patternMessage: '为1位大写字母加9位数字，如 Q510123456' },
      { key: 'hukouRegion', label: '申报户籍地', type: 'region', required: true, help: '随父或随母落户的户籍所在区县' },
      { key: 'hukouAddress', label: '户籍详细地址', type: 'text', required: true, maxLength: 100 },
      {
        key: 'parents',
        label: '父母信息',
        type: 'group',
        required: true,
        minItems: 1,
        maxItems: 2,
        fields: [
          { key: 'role', label: '身份', type: 'radio', required: true, options: [{ value: 'father', label: '父亲' }, { value: 'mother', label: '母亲' }] },
          { key: 'name', label: '姓名', type: 'text', required: true, maxLength: 30, sensitive: true },
          { key: 'idNumber', label: '公民身份号码', type: 'idNumber', required: true, sensitive: true },
          { key: 'phone', label: '联系电话', type: 'phone', sensitive: true },
        ],
      },
      { key: 'cardSection', label: '社会保障卡', type: 'section' },
      { key: 'cardBank', label: '社保卡合作银行', type: 'select', required: true, options: ['中国工商银行', '中国农业银行', '中国建设银行', '中国邮政储蓄银行', '四川农信'].map((b) => ({ value: b, label: b })) },
      { key: 'mailCard', label: '社保卡邮寄到家', type: 'radio', required: true, options: yesNo },
      { key: 'mailAddress', label: '邮寄地址', type: 'text', required: true, maxLength: 100, showIf: { key: 'mailCard', equals: 'yes' } },
      { key: 'materialsSection', label: '申请材料', type: 'section' },
      imageMaterial('babyPhoto', '新生儿近期照片（社保卡用）', { count: 1, maxSizeKb: 2048, help: '白色背景正面照，可不上传，由医院采集' }),
      fileMaterial('parentsIdCards', '父母居民身份证正反面', { required: true, min: 2, count: 4, sampleUrl: ID_CARD_SAMPLE }),
      fileMaterial('hukouBook', '父母居民户口簿（户主页和本人页）', { required: true, count: 6 }),
      fileMaterial('marriageCert', '结婚证', { count: 2, help: '非婚生育的可不提交' }),
    ],
  },
  {
    code: 'company-setup',
    title: '企业开办',
    description: '一表填报，一次办理营业执照、公章刻制、税务登记（含发票申领）和社保登记，全程网办。',
    itemCode: itemCode('511700', 'SSCJG', 1),
    workflowName: '企业开办一件事（四部门并联）',
    workflow: {
      kind: 'bundle',
      timeLimitDays: 1,
      steps: handoffSteps(),
      parts: [
        { code: 'license', name: '营业执照', department: '达州市市场监督管理局', partner: 'market' },
        { code: 'seal', name: '公章刻制', department: '达州市公安局', partner: 'seal' },
        { code: 'tax', name: '税务登记', department: '国家税务总局达州市税务局', partner: 'tax' },
        { code: 'social', name: '社保登记', department: '达州市人力资源和社会保障局', partner: 'social' },
      ],
      partner: null,
      document: null,
    },
    fields: [
      // 法人 accounts see their company prefilled (an existing company investing); a person
      // founding the first company of their own leaves it empty.
      ...applicantFields({ corp: true, corpRequired: false }).map((f) => (f.key === 'companySection' ? { ...f, label: '申请单位（以法人账号申请时）' } : f)),
      { key: 'companySetupSection', label: '拟设立企业', type: 'section' },
      { key: 'newCompanyName', label: '企业名称', type: 'text', required: true, minLength: 6, maxLength: 60, placeholder: '达州市＋字号＋行业＋有限公司', help: '须先通过企业名称自主申报' },
      {
        key: 'companyType',
        label: '企业类型',
        type: 'select',
        required: true,
        options: [
          { value: 'llc', label: '有限责任公司' },
          { value: 'llc-single', label: '有限责任公司（自然人独资）' },
          { value: 'partnership', label: '合伙企业' },
          { value: 'sole', label: '个人独资企业' },
        ],
      },
      { key: 'addressRegion', label: '住所所在区县', type: 'region', required: true },
      { key: 'address', label: '住所', type: 'text', required: true, minLength: 5, maxLength: 100 },
      { key: 'capital', label: '注册资本（万元）', type: 'number', required: true, min: 0.01, max: 1000000 },
      { key: 'scope', label: '经营范围', type: 'textarea', required: true, minLength: 4, maxLength: 1000, help: '按经营范围规范表述填写' },
      { key: 'legalName', label: '法定代表人姓名', type: 'text', required: true, maxLength: 30, sensitive: true },
      { key: 'legalIdNumber', label: '法定代表人公民身份号码', type: 'idNumber', required: true, sensitive: true },
      {
        key: 'shareholders',
        label: '股东（出资人）',
        type: 'group',
        required: true,
        minItems: 1,
        maxItems: 50,
        fields: [
          { key: 'name', label: '股东名称或姓名', type: 'text', required: true, maxLength: 60 },
          { key: 'idNumber', label: '证件号码', type: 'text', required: true, maxLength: 18, help: '自然人填身份证号，企业填统一社会信用代码', sensitive: true },
          { key: 'amount', label: '认缴出资额（万元）', type: 'number', required: true, min: 0.01, max: 1000000 },
          { key: 'method', label: '出资方式', type: 'select', required: true, options: [{ value: 'cash', label: '货币' }, { value: 'property', label: '实物' }, { value: 'ip', label: '知识产权' }] },
        ],
      },
      { key: 'sealSection', label: '公章刻制', type: 'section' },
      { key: 'sealCount', label: '刻制印章枚数', type: 'number', required: true, min: 1, max: 5, help: '首套（公章、财务章、发票专用章等）由政府免费刻制' },
      { key: 'taxSection', label: '税务与社保', type: 'section' },
      { key: 'invoice', label: '申领发票', type: 'radio', required: true, options: yesNo },
      { key: 'employees', label: '拟参保职工人数', type: 'number', required: true, min: 0, max: 10000 },
      { key: 'materialsSection', label: '申请材料', type: 'section' },
      fileMaterial('articles', '公司章程', { required: true, accept: 'pdf', count: 1 }),
      fileMaterial('shareholderIds', '股东及法定代表人身份证明', { required: true, count: 9 }),
      fileMaterial('addressProof', '住所使用证明（产权证明或租赁合同）', { required: true }),
    ],
  },
  {
    code: 'medicare-transfer',
    title: '医保关系转移',
    description: '跨统筹地区流动就业或居住时，办理基本医疗保险关系转移接续，个人账户余额随之转移。',
    itemCode: itemCode('511700', 'SYB', 1),
    workflowName: '基本医疗保险关系转移接续（医保经办审核）',
    workflow: { kind: 'promise', timeLimitDays: 5, steps: handoffSteps(), partner: 'medicare', document: null },
    fields: [
      ...applicantFields(),
      { key: 'transferSection', label: '转移信息', type: 'section' },
      {
        key: 'direction',
        label: '办理类型',
        type: 'radio',
        required: true,
        options: [
          { value: 'in', label: '转入达州市' },
          { value: 'out', label: '从达州市转出' },
        ],
      },
      {
        key: 'insuranceType',
        label: '参保险种',
        type: 'radio',
        required: true,
        options: [
          { value: 'employee', label: '职工基本医疗保险' },
          { value: 'resident', label: '城乡居民基本医疗保险' },
        ],
      },
      { key: 'fromRegion', label: '转出地', type: 'region', required: true },
      { key: 'toRegion', label: '转入地', type: 'region', required: true },
      { key: 'newEmployer', label: '转入地参保单位', type: 'text', maxLength: 100, showIf: { key: 'insuranceType', equals: 'employee' } },
      { key: 'reason', label: '转移原因', type: 'select', required: true, options: [{ value: 'job', label: '工作调动' }, { value: 'move', label: '户籍或居住地迁移' }, { value: 'other', label: '其他' }] },
      { key: 'materialsSection', label: '申请材料', type: 'section' },
      fileMaterial('insuranceProof', '参保凭证（转出地医保经办机构出具）', { required: true, count: 3, showIf: { key: 'direction', equals: 'in' } }),
    ],
  },
  {
    code: 'individual-business',
    title: '个体工商户登记',
    description: '个体工商户设立登记，领取电子营业执照。',
    itemCode: itemCode('511700', 'SSCJG', 2),
    workflowName: '个体工商户设立登记（市场监管审核）',
    workflow: { kind: 'promise', timeLimitDays: 1, steps: handoffSteps(), partner: 'market', document: null },
    fields: [
      ...applicantFields(),
      { key: 'shopSection', label: '个体工商户信息', type: 'section' },
      { key: 'shopName', label: '名称（字号）', type: 'text', maxLength: 60, help: '可以不使用名称，以经营者姓名登记' },
      { key: 'form', label: '组成形式', type: 'radio', required: true, options: [{ value: 'person', label: '个人经营' }, { value: 'family', label: '家庭经营' }] },
      { key: 'familyMembers', label: '参加经营的家庭成员', type: 'group', required: true, minItems: 1, maxItems: 10, showIf: { key: 'form', equals: 'family' }, fields: [{ key: 'name', label: '姓名', type: 'text', required: true, maxLength: 30, sensitive: true }, { key: 'idNumber', label: '公民身份号码', type: 'idNumber', required: true, sensitive: true }] },
      { key: 'placeRegion', label: '经营场所所在区县', type: 'region', required: true },
      { key: 'place', label: '经营场所', type: 'text', required: true, minLength: 5, maxLength: 100 },
      { key: 'scope', label: '经营范围', type: 'textarea', required: true, minLength: 2, maxLength: 500 },
      { key: 'capital', label: '资金数额（万元）', type: 'number', required: true, min: 0.01, max: 100000 },
      { key: 'employees', label: '从业人数', type: 'number', required: true, min: 1, max: 1000 },
      { key: 'materialsSection', label: '申请材料', type: 'section' },
      imageMaterial('idCardPhoto', '经营者身份证正反面', { required: true, min: 2, count: 2, sampleUrl: ID_CARD_SAMPLE }),
      fileMaterial('placeProof', '经营场所使用证明', { required: true }),
    ],
  },
  {
    code: 'retirement-bundle',
    title: '退休一件事',
    description: '一次申请，同时办理基本养老金申领、职工医保退休待遇核定和住房公积金退休销户提取。',
    itemCode: itemCode('511700', 'SRS', 2),
    workflowName: '退休一件事（三部门并联）',
    workflow: {
      kind: 'bundle',
      timeLimitDays: 10,
      steps: handoffSteps(),
      parts: [
        { code: 'pension', name: '养老金申领', department: '达州市人力资源和社会保障局', partner: 'social' },
        { code: 'medicare', name: '医保退休待遇核定', department: '达州市医疗保障局', partner: 'medicare' },
        { code: 'housing-fund', name: '公积金销户提取', department: '达州市住房公积金管理中心', partner: 'housing-fund' },
      ],
      partner: null,
      document: null,
    },
    fields: [
      ...applicantFields(),
      { key: 'retireSection', label: '退休信息', type: 'section' },
      { key: 'employer', label: '参保单位', type: 'text', required: true, maxLength: 100 },
      { key: 'retireDate', label: '退休日期', type: 'date', required: true, help: '达到法定退休年龄的次月', ...dateWithin(365, 180) },
      {
        key: 'retireType',
        label: '退休类型',
        type: 'select',
        required: true,
        options: [
          { value: 'normal', label: '正常退休' },
          { value: 'flexible', label: '弹性提前退休' },
          { value: 'special', label: '特殊工种提前退休' },
          { value: 'disability', label: '因病或非因工致残退休' },
        ],
      },
      { key: 'fundWithdraw', label: '同时提取住房公积金并销户', type: 'radio', required: true, options: yesNo },
      { key: 'bankName', label: '养老金发放银行', type: 'select', required: true, options: ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '中国邮政储蓄银行', '四川农信'].map((b) => ({ value: b, label: b })) },
      { key: 'bankCard', label: '银行卡号（社保卡金融账户）', type: 'text', required: true, sensitive: true, ...BANK_CARD },
      { key: 'materialsSection', label: '申请材料', type: 'section' },
      fileMaterial('archive', '职工档案（招工、转正、调动等材料）', { required: true, count: 9 }),
      imageMaterial('socialCard', '社会保障卡正面', { count: 1, sampleUrl: BANK_CARD_SAMPLE }),
      fileMaterial('specialProof', '特殊工种或劳动能力鉴定材料', { required: true, showIf: { key: 'retireType', in: ['special', 'disability'] } }),
    ],
  },
  {
    code: 'traffic-violation-query',
    title: '车辆违章查询',
    description: '输入号牌号码和发动机号后6位，查询机动车在全国的交通违法记录及处理状态。',
    itemCode: itemCode('511700', 'SGA', 6),
    workflowName: '机动车交通违法查询',
    workflow: {
      kind: 'query',
      timeLimitDays: 0,
      steps: [],
      partner: 'police',
      query: {
        operation: 'traffic-violations',
        layout: 'table',
        columns: [
          { key: 'time', label: '违法时间' },
          { key: 'location', label: '违法地点' },
          { key: 'behavior', label: '违法行为' },
          { key: 'points', label: '记分' },
          { key: 'fine', label: '罚款（元）' },
          { key: 'status', label: '处理状态' },
        ],
      },
      document: null,
    },
    fields: [
      {
        key: 'plateType',
        label: '号牌种类',
        type: 'select',
        required: true,
        options: [
          { value: '02', label: '小型汽车' },
          { value: '52', label: '小型新能源汽车' },
          { value: '01', label: '大型汽车' },
          { value: '51', label: '大型新能源汽车' },
          { value: '07', label: '两轮摩托车' },
        ],
      },
      { key: 'plateNo', label: '号牌号码', type: 'text', required: true, pattern: PLATE, patternMessage: '请填写完整号牌，如 川SA1234，字母大写', placeholder: '川S' },
      { key: 'engineNo', label: '发动机号后6位', type: 'text', required: true, pattern: '^[A-Za-z0-9]{6}$', patternMessage: '请填写发动机号的最后6位字母或数字', sensitive: true },
    ],
  },
];
