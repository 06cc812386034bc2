/**
 * Turns Ajv's English validation errors into one Chinese sentence per field that names the field
 * by its label and says what is expected (`户号应为 10 位数字`, `编号应为正整数`) — never the raw
 * key (`cardNo格式不正确` was finding 6 of issue 8).
 *
 * The label comes from, in order: the field schema's own `title` (Ajv runs with `verbose`, so the
 * error carries the schema), then FIELD_NAMES below. FIELD_NAMES covers every request field key
 * in /api/openapi.json — openapi.test.ts fails when a route adds a key without a label.
 */
import type { FastifySchemaValidationError } from 'fastify';

const FIELD_NAMES: Record<string, string> = {
  account: '账号',
  action: '操作类型',
  actions: '可用操作',
  actorName: '操作人',
  address: '地址',
  appId: '应用',
  appKey: '接入标识',
  attachmentFileIds: '附件',
  attachments: '附件',
  audience: '服务对象',
  bandId: '预约时段',
  bannerUrl: '横幅图片',
  baseUrl: '接口地址',
  billIds: '账单',
  biz: '业务类型',
  blocks: '页面区块',
  body: '正文',
  bookable: '是否开通预约',
  capacity: '号源数量',
  captcha: '验证码',
  captchaId: '验证码编号',
  cardNo: '户号',
  channel: '渠道',
  charge: '收费标准',
  code: '编码',
  color: '颜色',
  columns: '显示列',
  content: '正文',
  copies: '份数',
  corpName: '企业名称',
  county: '所在区县',
  coverUrl: '封面图片',
  creditCode: '统一社会信用代码',
  customerNo: '燃气用户号',
  data: '申请内容',
  date: '日期',
  day: '日期',
  days: '天数',
  definition: '流程定义',
  department: '承办部门',
  departmentId: '部门',
  description: '说明',
  displayName: '姓名',
  docNo: '文号',
  document: '结果文书',
  draft: '保存为草稿',
  draftId: '草稿',
  effectiveTo: '失效日期',
  email: '邮箱',
  enabled: '启用状态',
  end: '结束时刻',
  error: '错误代码',
  error_description: '错误说明',
  fileId: '文件',
  file: '文件',
  form: '表单内容',
  from: '开始时间',
  group: '分组',
  groups: '分组',
  hallId: '大厅',
  hours: '办公时间',
  icon: '图标',
  id: '编号',
  idNumber: '身份证号',
  intro: '简介',
  issuer: '发布机关',
  itemId: '事项',
  itemIds: '事项',
  keyword: '关键词',
  keywords: '关键词',
  kind: '类别',
  lat: '纬度',
  layout: '展示方式',
  legalBasis: '设定依据',
  legalIdNumber: '法定代表人身份证号',
  legalName: '法定代表人姓名',
  limit: '条数',
  link: '链接',
  lng: '经度',
  materials: '申请材料',
  name: '名称',
  newPassword: '新密码',
  note: '说明',
  ok: '调用结果',
  oldPassword: '原密码',
  online: '是否可在线办理',
  onlineUrl: '在线办理地址',
  openHours: '开放时间',
  operation: '部门系统接口',
  orderId: '订单号',
  otp: '动态验证码',
  page: '页码',
  pageSize: '每页条数',
  partnerResourceId: '预约平台景区编号',
  photoFileIds: '实景图',
  precheck: '提交前核验',
  before: '翻页位置（上一页的 next）',
  palm: '掌上办',
  partner: '对接系统',
  parts: '联办事项',
  password: '密码',
  permission: '办理权限',
  permissions: '权限',
  phone: '手机号',
  pin: '亮证密码',
  provider: '登录方式',
  purpose: '用途',
  q: '搜索词',
  qrText: '核验码',
  query: '查询配置',
  reason: '原因',
  record: '是否记录搜索历史',
  ref: '访问对象',
  regNo: '报名号',
  savedId: '常用游客',
  self: '本人',
  spotId: '景点',
  tags: '标签',
  ticketNo: '准考证号',
  tickets: '门票信息',
  requestId: '请求编号',
  required: '是否必要',
  result: '结果',
  returnTo: '返回地址',
  roleIds: '角色',
  sampleUrl: '样表地址',
  secret: '密钥',
  site: '站点',
  siteCode: '站点',
  slotId: '号源',
  hospitalId: '医院',
  patientId: '就诊人',
  relation: '与本人关系',
  // 公共交通 (issue 13)
  time: '出发时间',
  radius: '范围（米）',
  stopId: '站点',
  routeId: '线路',
  subtitle: '说明',
  smsCode: '短信验证码',
  sort: '排序',
  start: '开始时刻',
  state: '状态参数',
  status: '状态',
  steps: '办理流程',
  subject: '实施主体',
  summary: '摘要',
  target: '目标',
  term: '搜索词',
  theme: '主题',
  themes: '主题',
  timeLimit: '办理时限',
  timeLimitDays: '承诺时限（工作日）',
  timeoutMs: '超时时间',
  times: '时段',
  title: '标题',
  to: '结束时间',
  type: '类型',
  userPhone: '用户手机号',
  username: '用户名',
  venueId: '场馆',
  version: '版本',
  visitors: '游客',
  weekdays: '星期',
  windowId: '窗口',
  windows: '办理窗口',
  zone: '专区',
  zoneCode: '专区',
  // forms core (issue 10): the designer's request keys and the keys of a form field definition
  workflowCode: '办理流程',
  fields: '表单字段',
  key: '字段标识',
  label: '字段名称',
  placeholder: '占位提示',
  help: '填写说明',
  pattern: '校验规则',
  patternMessage: '校验提示',
  min: '最小值',
  max: '最大值',
  minLength: '最少字数',
  maxLength: '最多字数',
  options: '选项',
  value: '选项值',
  showIf: '显示条件',
  equals: '等于',
  notEquals: '不等于',
  in: '属于其中之一',
  all: '全部满足',
  any: '任一满足',
  prefill: '预填来源',
  accept: '材料格式',
  maxSizeKb: '单个文件大小上限',
  minItems: '最少组数',
  maxItems: '最多组数',
  sensitive: '是否敏感信息',
  queue: '办件队列',
  mine: '只看我的',
  full: '查看完整信息',
  groupBy: '统计维度',
  level: '评价等级',
  answer: '整改答复',
  formCode: '表单编码',
  comment: '办理意见',
  items: '补正材料清单',
  staffId: '指派给',
  aspects: '评价指标',
  // 常见问题 and 答复模板 (issue 11)
  category: '分类',
  question: '问题',
  published: '是否发布',
  sourceInteractionId: '来源互动',
  mode: '匹配方式',
  // 互动 (issue 11)
  public: '是否公开',
  reply: '答复内容',
  publish: '同意公开',
  publicText: '公开文本',
  limits: '答复时限',
  consult: '咨询答复时限',
  suggest: '建议答复时限',
  complain: '投诉答复时限',
  // 公积金利率 (issue 14)
  termLabel: '期限',
  minYears: '期限下限（年）',
  maxYears: '期限上限（年）',
  rateBp: '年利率（基点）',
  effectiveFrom: '执行日期',
};

/** Where a field without a key sits (the whole body, the query string, the path). */
const WHOLE: Record<string, string> = { body: '请求内容', querystring: '查询参数', params: '请求地址', headers: '请求头' };

/** The Chinese label of a request field key; other guards (e.g. the control-character check) name fields with it too. */
export function fieldLabel(key: string): string {
  return FIELD_NAMES[key] ?? '请求内容';
}

/** Every key FIELD_NAMES knows (the coverage test compares it with the OpenAPI document). */
export const labelledKeys = (): string[] => Object.keys(FIELD_NAMES);

type Schema = { title?: unknown; type?: unknown; properties?: Record<string, Schema> } | undefined;
type AjvError = FastifySchemaValidationError & { parentSchema?: Schema; schema?: unknown };

/** The key the error is about: the missing property, else the last non-index segment of the path. */
function fieldOf(e: AjvError): string {
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  if (missing) return missing;
  const parts = e.instancePath.split('/').filter((p) => p !== '' && !/^\d+$/.test(p));
  return parts[parts.length - 1]?.replace(/~1/g, '/').replace(/~0/g, '~') ?? '';
}

function labelOf(e: AjvError, key: string, context: string | undefined): string {
  const own = e.keyword === 'required' ? e.parentSchema?.properties?.[key]?.title : e.parentSchema?.title;
  if (typeof own === 'string' && /[\u4e00-\u9fff]/.test(own)) return own;
  if (key) return fieldLabel(key);
  return WHOLE[context ?? 'body'] ?? '请求内容';
}

const TYPE_WORDS: Record<string, string> = {
  integer: '应为整数',
  number: '应为数字',
  string: '应为文字',
  boolean: '应为“是”或“否”（true / false）',
  array: '应为列表',
  object: '应为 JSON 对象',
  null: '应为空',
};

/** The characters a regex class allows, in words: `[a-z0-9_-]` → 小写字母、数字、下划线、连字符. */
function classWords(cls: string): string {
  const words: string[] = [];
  let rest = cls;
  const take = (token: string, word: string) => {
    if (rest.includes(token)) {
      words.push(word);
      rest = rest.replace(token, '');
    }
  };
  if (rest.includes('a-z') && rest.includes('A-Z')) {
    take('a-z', '英文字母');
    rest = rest.replace('A-Z', '');
  } else {
    take('a-z', '小写字母');
    take('A-Z', '大写字母');
  }
  take('0-9', '数字');
  take('\\d', '数字');
  take('_', '下划线');
  take('.', '点');
  take(':', '冒号');
  take('-', '连字符');
  return rest === '' ? words.join('、') : '';
}

/** What a pattern expects, in words, for the patterns the contracts use; else a generic sentence. */
function patternWords(pattern: string): string {
  if (pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '应为日期，格式如 2026-01-31';
  if (pattern.startsWith('^([01]\\d|2[0-3]):[0-5]\\d')) return '应为时刻，格式如 09:30';
  if (pattern === '^1[3-9]\\d{9}$') return '应为 11 位手机号码';
  if (pattern.startsWith('^(/|https?://)')) return '应以 / 或 http(s):// 开头';
  if (pattern.startsWith('^https?://')) return '应以 http:// 或 https:// 开头';
  if (/^\^#\[0-9A-Fa-f\]\{6\}\$$/.test(pattern)) return '应为 # 加 6 位十六进制数的颜色值，如 #1989FA';
  const digits = /^\^\\d\{(\d+)(?:,(\d+))?\}\$$/.exec(pattern);
  if (digits) return digits[2] ? `应为 ${digits[1]} 至 ${digits[2]} 位数字` : `应为 ${digits[1]} 位数字`;
  if (/^\^\\d\{17\}\[\\dXx\]\$$/.test(pattern)) return '应为 18 位身份证号码';
  // ^[first][rest]{m,n}$ or ^[rest]{m,n}$ or ^[rest]+$ — the identifiers, codes and usernames
  const ident = /^\^(?:\[([^\]]+)\])?\[([^\]]+)\](?:\{(\d+),(\d+)\}|(\+))\$$/.exec(pattern);
  if (ident) {
    const [, first, cls, min, max] = ident;
    const allowed = classWords(cls!);
    const head = first ? classWords(first) : '';
    if (allowed && (!first || head)) {
      const extra = first ? 1 : 0;
      const length = min !== undefined ? ` ${Number(min) + extra} 至 ${Number(max) + extra} 位，` : '';
      return `应为${length}${first ? `以${head}开头，` : ''}只含${allowed}`;
    }
  }
  return '格式不正确，请检查后重新填写';
}

const FORMAT_WORDS: Record<string, string> = {
  'date-time': '应为日期时间，格式如 2026-01-31T08:00:00+08:00',
  date: '应为日期，格式如 2026-01-31',
  time: '应为时刻，格式如 09:30:00',
  email: '应为有效的邮箱地址',
  uri: '应为有效的网址',
  url: '应为有效的网址',
  uuid: '应为有效的编号',
};

function describe(e: AjvError, label: string): string {
  const p = e.params as Record<string, unknown>;
  const fieldType = e.parentSchema?.type;
  switch (e.keyword) {
    case 'required':
      return `请填写${label}`;
    case 'type': {
      const expected = String(p.type).split(',')[0] ?? '';
      const min = (e.parentSchema as { minimum?: unknown } | undefined)?.minimum;
      if (expected === 'integer' && typeof min === 'number' && min >= 1) return min === 1 ? `${label}应为正整数` : `${label}应为不小于 ${min} 的整数`;
      return `${label}${TYPE_WORDS[expected] ?? '类型不正确'}`;
    }
    case 'pattern': {
      const words = patternWords(String(p.pattern));
      // “日期应为日期，格式如 …” reads badly: a label that already says what it is gets only the format.
      return /日期|时刻$/.test(label) && /^应为(日期|时刻)，/.test(words) ? `${label}${words.replace(/^应为(日期|时刻)，/, '')}` : `${label}${words}`;
    }
    case 'format':
      return `${label}${FORMAT_WORDS[String(p.format)] ?? '格式不正确，请检查后重新填写'}`;
    case 'minLength':
      return Number(p.limit) <= 1 ? `请填写${label}` : `${label}至少 ${String(p.limit)} 个字`;
    case 'maxLength':
      return `${label}最多 ${String(p.limit)} 个字`;
    case 'minimum':
      if (fieldType === 'integer' && Number(p.limit) === 1) return `${label}应为正整数`;
      if (Number(p.limit) === 0) return `${label}不能为负数`;
      return `${label}不能小于 ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `${label}应大于 ${String(p.limit)}`;
    case 'maximum':
      return `${label}不能大于 ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `${label}应小于 ${String(p.limit)}`;
    case 'minItems':
      return Number(p.limit) <= 1 ? `请至少选择一项${label}` : `${label}至少 ${String(p.limit)} 项`;
    case 'maxItems':
      return `${label}最多 ${String(p.limit)} 项`;
    case 'uniqueItems':
      return `${label}有重复项，请去掉重复的内容`;
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return `${label}不在可选范围内，请重新选择`;
    case 'minProperties':
    case 'maxProperties':
      return `${label}的项数不正确`;
    case 'additionalProperties':
      return `${label}中包含不支持的内容`;
    default:
      return `${label}不正确，请检查后重新填写`;
  }
}

/**
 * Union branches fail one after another (`Type.Union([Type.Null(), Type.String({ maxLength })])`
 * reports "must be null" first): the most telling error of a field is one that is not about the
 * null branch nor the umbrella anyOf.
 */
const weight = (e: AjvError) => (e.keyword === 'anyOf' || e.keyword === 'oneOf' ? 2 : e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null' ? 3 : 1);

export function toChinese(errors: FastifySchemaValidationError[], context?: string): { message: string; fields: Record<string, string> } {
  const best = new Map<string, AjvError>();
  for (const e of errors as AjvError[]) {
    const f = fieldOf(e) || '_';
    const prev = best.get(f);
    if (!prev || weight(e) < weight(prev)) best.set(f, e);
  }
  const fields: Record<string, string> = {};
  for (const [f, e] of best) {
    const key = f === '_' ? '' : f;
    fields[f] = describe(e, labelOf(e, key, context));
  }
  const list = Object.values(fields);
  return { message: list.length ? list.join('；') : '请求内容不正确，请检查后重试', fields };
}
