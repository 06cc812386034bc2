/**
 * Every app (应用) the requirements name, filed under the zone and group the document gives it
 * (需求说明书 “主题集成专区建设需求分析”), plus the 掌上办 high-frequency apps and a few theme-only
 * apps so each of the 16 便民 themes has something to show.
 *
 * - The 21 apps this project builds (“21项高频便民应用”) are kind 'route' → /apps/<code>, status
 *   'coming' (即将上线) until the issue that builds each one switches it on.
 * - The 医疗就诊 zone's 我要查 apps are 查询 on the applications engine (kind 'form', the form of the
 *   same code, db/seed/engine/medical-forms.ts), live at once; so are the 公共交通 zone's 我要查 and
 *   我要办 apps but 天府畅行 (查询 and 承诺件 of the 交通运输局, db/seed/engine/transport-forms.ts), and
 *   the 不动产 我要查 and 公积金查询 apps but 个税填报 (issue 14, db/seed/engine/housing-forms.ts);
 *   公积金提取 opens the 掌上办 form housing-fund-withdraw (FORM_OF_APP).
 * - Every other named app is kind 'external' with an empty target and status 'coming': an entry
 *   for an operator to point at the bureau's H5 page in the console.
 * - Where the zone list and the 21-app list name the same app differently (燃气缴费 / 气费缴纳),
 *   the zone's wording is the name and the other is a keyword, so search finds both.
 *
 * Icon keys are generic pictograms the H5 maps to SVGs: query pay apply bill hospital report pill
 * bus car truck taxi charge map ticket info house certificate fund calculator school library law
 * weather leaf tractor baby id-card briefcase shop shield bank star.
 */
import type { ThemeCode } from '@dz/contracts';
import type { ZoneCode } from './zones.js';
import { itemCode } from './items.js';

type AppAudience = 'person' | 'corp';

export interface SeedApp {
  code: string;
  name: string;
  icon: string;
  zone: ZoneCode | null;
  group: string | null;
  themes: ThemeCode[];
  audience: AppAudience[];
  keywords: string;
  kind: 'route' | 'external' | 'item' | 'form';
  /** For kind 'item': the code of the seeded item; the seed writes that item's id as the target. */
  itemCode?: string;
  /** For kind 'form': the engine form it opens (db/seed/engine/palm-forms.ts); the target is this code. */
  formCode?: string;
  /** For kind 'route': an existing H5 page (contracts APP_ROUTES) other than /apps/<code>; live at once. */
  target?: string;
  palm: boolean;
  description: string;
  sort: number;
}

/**
 * [code, name, icon, keywords, built (one of the 21 apps) or 'form' (a form on the applications
 * engine with the app's code, db/seed/engine/medical-forms.ts, transport-forms.ts), description of either]
 */
type Row = [string, string, string, string, (boolean | 'form')?, string?];

const P: AppAudience[] = ['person'];
const PC: AppAudience[] = ['person', 'corp'];
const C: AppAudience[] = ['corp'];

/** The seed's “21项高频便民应用” (需求说明书), whatever kind each is built as. */
export const TWENTY_ONE_APPS = new Set([
  'water-payment', 'water-bill-query', 'utility-install', 'hospital-booking', 'registration-payment', 'lab-report-query',
  'gas-payment', 'gas-bill-query', 'gas-install', 'scenic-intro', 'scenic-booking', 'house-query', 'property-cert-verify',
  'no-house-certificate', 'hf-account', 'hf-withdraw', 'realtime-bus', 'charging-pile-query', 'zhongkao-score',
  'aid-policy-query', 'library-booking',
]);

/** Form apps whose engine form has another code than the app: the 掌上办 form they share. */
const FORM_OF_APP: Record<string, string> = { 'hf-withdraw': 'housing-fund-withdraw' };

function group(zone: ZoneCode, title: string, themes: ThemeCode[], audience: AppAudience[], rows: Row[]): SeedApp[] {
  return rows.map(([code, name, icon, keywords, built, description]) => ({
    code,
    name,
    icon,
    zone,
    group: title,
    themes,
    audience,
    keywords,
    kind: built === 'form' ? 'form' : built ? 'route' : 'external',
    ...(built === 'form' ? { formCode: FORM_OF_APP[code] ?? code } : {}),
    // The seed's 21 apps can be completed entirely on the phone, so they are 掌上办 too.
    palm: TWENTY_ONE_APPS.has(code),
    description: description ?? `${name}：由相关部门业务系统提供，接入完成后可在此直接使用。`,
    sort: 0,
  }));
}

const ZONE_APPS: SeedApp[] = [
  // 水电服务
  ...group('water-power', '我要查', ['life'], PC, [
    ['water-bill-query', '水费账单查询', 'bill', '水费 账单 查水费 自来水 水务', true, '输入用水卡号，查询水费账单与缴费记录。'],
  ]),
  ...group('water-power', '我要办', ['life'], PC, [
    ['water-payment', '水费缴纳', 'pay', '交水费 缴水费 水费 自来水 缴费', true, '按登录身份匹配用水户，选择缴费单位和户号后在线缴纳水费。'],
    ['water-capacity-change', '水务报装申请增缩容', 'apply', '增容 缩容 水表 报装 用水', false],
    ['water-personal-account', '水务报装申请个人立户', 'apply', '立户 开户 水表 报装 分户', false],
    ['utility-install', '在线报装', 'apply', '水电报装 用水报装 用电报装 新装 接水 接电', true, '在线填写报装信息、上传身份证和房产证明，提交水（电）报装申请。'],
  ]),
  // 燃气服务
  ...group('gas', '我要查', ['life'], PC, [['gas-bill-query', '燃气账单查询', 'bill', '账单查询 燃气账单 气费 天然气 缴费记录', true, '输入燃气用户编号，查询缴费记录和账单。']]),
  ...group('gas', '我要办', ['life'], PC, [
    ['gas-install', '燃气申请报装', 'apply', '燃气报装 天然气报装 开户 通气 增容', true, '按登录身份自动带出姓名和身份证号，选择报装类型（工业、商业、民用、增容）后提交申请。'],
    ['gas-payment', '燃气缴费', 'pay', '气费缴纳 交燃气费 天然气缴费 气费', true, '输入燃气用户编号，系统识别应缴费用后在线缴费。'],
    ['gas-natural-install', '天然气报装申请', 'apply', '天然气 报装 燃气 开户', false],
  ]),
  // 医疗就诊
  ...group('medical', '我要查', ['health'], P, [
    ['medical-offsite-settlement', '异地就医结算', 'hospital', '异地就医 跨省结算 医保 直接结算 备案', 'form', '按登录身份查询本人在备案就医地的异地就医直接结算记录。'],
    ['medical-treatment-catalog', '诊疗项目目录查询', 'query', '诊疗项目 医保目录 收费项目', 'form', '按名称或编码查询医保诊疗项目的甲乙类别和限价。'],
    ['medical-herbal-catalog', '药品（中草药）目录', 'pill', '中草药 中药 药品目录 医保目录', 'form', '按名称或编码查询医保中药饮片目录的支付类别和支付标准。'],
    ['medical-hospital-made-catalog', '药品（自制药）目录', 'pill', '自制药 院内制剂 药品目录', 'form', '按名称或编码查询纳入医保支付的医疗机构制剂及其配制单位。'],
    ['medical-account-balance', '医保个人账户余额查询', 'query', '医保余额 医保卡 个人账户 医疗保险', 'form', '按登录身份查询本人医保个人账户余额、本年划入和支出。'],
    ['medical-insured-info', '医保个人参保信息查询', 'query', '参保信息 医保 参保查询 医疗保险', 'form', '按登录身份查询本人的医保参保险种、参保状态和参保单位。'],
    ['medical-pharmacy-interprovincial', '跨省异地定点零售药店', 'map', '定点药店 跨省 异地 药店', 'form', '按省市和名称查询开通跨省购药直接结算的定点零售药店。'],
    ['medical-pharmacy-provincial', '省内异地定点零售药店', 'map', '定点药店 省内 异地 药店', 'form', '按市州和名称查询四川省内其他市州的医保定点零售药店。'],
    ['medical-pharmacy-local', '本统筹区定点零售药店', 'map', '定点药店 本地 药店 医保药店', 'form', '按区县和名称查询达州市医保定点零售药店。'],
    ['medical-outpatient-provincial', '省内异地普通门诊医疗机构', 'hospital', '门诊 定点医院 异地 医疗机构', 'form', '按市州和名称查询四川省内开通普通门诊直接结算的医疗机构。'],
    ['medical-western-catalog', '药品（西药或中成药）目录查询', 'pill', '西药 中成药 药品目录 医保目录', 'form', '按名称或编码查询医保药品目录（西药和中成药）的甲乙类别和支付标准。'],
    ['lab-report-query', '检验报告查询', 'report', '检验报告 化验单 报告查询 体检报告', true, '查询本人近期在达州市医院的检验报告。'],
  ]),
  ...group('medical', '我要办', ['health'], P, [
    ['hospital-booking', '预约挂号', 'hospital', '挂号 预约 看病 医院 专家号 省属医院 市级医院 区县级医院', true, '按省属、市级、区县级分类选择医院、科室和时段，在线预约挂号。'],
    ['registration-payment', '挂号缴费', 'pay', '挂号费 缴费 医院缴费 在线支付', true, '完成线上挂号后，通过第三方支付平台缴纳挂号费。'],
  ]),
  // 旅游服务
  ...group('tourism', '我要查', ['culture-tourism'], PC, [
    ['travel-agency-list', '旅行社名录', 'briefcase', '旅行社 名录 旅游 跟团', 'form', '按名称、许可证号或地址查询达州市旅行社的经营许可和联系方式。'],
    ['scenic-area-query', '景区查询', 'map', '景区 景点 A级景区 旅游 巴山大峡谷 八台山 真佛山', 'form', '按区县查询A级旅游景区的等级、开放时间和门票。'],
    ['water-scenic-area-query', '水利风景区查询', 'map', '水利风景区 水库 湿地 莲花湖', 'form', '按区县查询国家级、省级水利风景区。'],
    ['culture-industry-output', '文化产业总值查询', 'query', '文化产业 统计 产值', 'form', '按年度查询全市及各区县文化产业增加值和增速。'],
    ['rural-coop-tourism-list', '市级示范农民合作社文旅类名单', 'leaf', '农民合作社 乡村旅游 示范社 农家乐', 'form', '按区县查询市级示范农民合作社（文旅类）名单。'],
  ]),
  ...group('tourism', '我要办', ['culture-tourism'], PC, [
    ['scenic-booking', '景点预约', 'ticket', '景区预约 门票 预约 旅游 分时预约', true, '选择或输入景点，在线预约游览时段。'],
  ]),
  ...group('tourism', '我要咨询', ['culture-tourism'], PC, [
    ['scenic-intro', '景点介绍', 'info', '景点 介绍 实景 巴山大峡谷 八台山 真佛山 賨人谷 莲花湖 凤凰山', true, '输入景点名称，查看实景图片和景点介绍。'],
  ]),
  // 不动产服务
  ...group('real-estate', '我要查', ['housing'], P, [
    ['house-query', '房屋查询', 'house', '房产查询 名下房产 房屋信息 产权', true, '按登录身份查询本人名下房屋的坐落、用途、面积等信息。'],
    ['commodity-house-filing-query', '商品房备案查询', 'query', '网签 备案 商品房 购房合同', 'form', '按合同备案号或项目名称查询商品房买卖合同网签备案信息。'],
    ['developer-info-query', '开发企业信息查询', 'briefcase', '开发商 房地产开发企业 资质', 'form', '按企业名称查询房地产开发企业的资质等级、资质证书和联系方式。'],
    ['real-estate-project-query', '房地产事务中心项目信息查询', 'query', '楼盘 项目 预售 房地产', 'form', '按项目或开发企业名称查询商品房项目的预售许可、销售套数和备案均价。'],
  ]),
  ...group('real-estate', '我要办', ['housing'], P, [
    ['no-house-certificate', '无房证明', 'certificate', '无房证明 住房情况查询 家庭住房 房产证明', true, '按登录身份即时生成本人及家庭在达州市内的住房情况查询单。'],
    ['property-cert-verify', '不动产登记业务证书核验', 'certificate', '不动产登记业务证书查验 证书核验 房产证真伪 扫码核验', true, '扫描不动产登记证书二维码或选择相册图片，返回证书核验结果。'],
  ]),
  // 公积金服务
  ...group('housing-fund', '业务办理', ['housing-fund'], P, [
    ['hf-loan', '办理贷款', 'fund', '公积金贷款 住房公积金 贷款 买房', false],
    ['hf-offsite-deposit-proof', '办理异地缴存证明', 'certificate', '异地缴存证明 住房公积金 异地贷款', false],
    ['hf-info-change', '办理个人信息变更', 'id-card', '信息变更 住房公积金 手机号变更', false],
    ['hf-retire-withdraw', '办理个人退休提取', 'fund', '退休提取 住房公积金 提取 销户', false],
    ['hf-withdraw', '公积金提取', 'fund', '住房公积金 提取 取公积金 租房提取 购房提取', 'form', '购房、租房、还贷、离职、退休、重大疾病提取本人住房公积金，提交时由公积金中心核对金额，进度在我的办件查看。'],
  ]),
  ...group('housing-fund', '公积金查询', ['housing-fund'], P, [
    ['hf-withdraw-detail', '提取明细', 'query', '提取记录 住房公积金 提取', 'form', '按登录身份查询本人住房公积金的提取记录。'],
    ['hf-deposit-detail', '缴存明细', 'query', '缴存记录 住房公积金 月缴存', 'form', '按登录身份和年度查询本人住房公积金的逐月缴存记录。'],
    ['hf-account', '公积金账户信息', 'fund', '账户信息 住房公积金 余额 公积金查询', true, '按登录身份查询住房公积金账户余额和缴存状态。'],
    ['hf-loan-info', '贷款信息', 'query', '公积金贷款 住房公积金 贷款余额', 'form', '按登录身份查询本人公积金贷款的金额、余额、利率和月还款额。'],
    ['hf-loan-detail', '贷款明细', 'query', '还款明细 住房公积金 贷款', 'form', '按登录身份和年度查询本人公积金贷款的逐期还款记录。'],
    ['hf-progress', '业务进度', 'query', '办理进度 住房公积金 审批进度', 'form', '按登录身份查询本人公积金业务（含公积金提取）的办理进度。'],
    ['hf-tax-filing', '个税填报', 'query', '个税 专项附加扣除 住房贷款利息 住房公积金', false],
  ]),
  ...group('housing-fund', '便民服务', ['housing-fund'], P, [
    ['hf-partner-estates', '合作楼盘', 'house', '合作楼盘 住房公积金 贷款楼盘', true, '查询可使用住房公积金贷款的合作楼盘及其合作银行。'],
    ['hf-rates', '利率信息', 'bank', '利率 贷款利率 存款利率 住房公积金', true, '查看现行住房公积金存款利率和个人住房贷款利率。'],
    ['hf-loan-calculator', '贷款计算器', 'calculator', '贷款计算 月供 住房公积金 贷款', true, '按商业贷款、公积金贷款或组合贷款，等额本息或等额本金计算月供和利息。'],
    ['hf-service-points', '服务网点', 'map', '网点 营业厅 住房公积金 办事地点', true, '按区县查询住房公积金服务网点的地址、电话和办公时间，可查看地图。'],
  ]),
  // 公共交通
  ...group('transport', '我要查', ['traffic'], PC, [
    ['realtime-bus', '实时公交查询', 'bus', '实时公交 公交 到站 线路 路线规划', true, '查看附近线路预计到站时间、最近使用的线路，并规划公交路线。'],
    ['tianfu-changxing', '天府畅行', 'car', '天府畅行 出行 交通', false],
    ['passenger-transport-business', '客运业务', 'bus', '客运 班车 客运站 客运班线 汽车票', 'form', '按出发地、目的地或车站查询道路客运班线的班次和票价。'],
    ['freight-business', '货运业务', 'truck', '货运 物流 道路运输 货运业户 经营许可', 'form', '按名称查询道路货物运输经营业户的许可和经营状态。'],
    ['passenger-vehicle-query', '客运车辆', 'bus', '客运车辆 营运车辆 道路运输证', 'form', '按号牌查询客运车辆的道路运输证和年审信息。'],
    ['freight-vehicle-query', '普货车辆', 'truck', '普货车辆 货车 道路运输证', 'form', '按号牌查询普通货运车辆的道路运输证和年审信息。'],
    ['cruising-taxi-query', '巡游出租车', 'taxi', '出租车 的士 巡游出租车', 'form', '按号牌查询巡游出租汽车的所属企业和运输证信息。'],
    ['charging-pile-query', '充电桩查询', 'charge', '充电桩 充电站 新能源 电动车', true, '按区县和名称、地址查询全市充电桩点位。'],
    ['enterprise-score-query', '企业记分查询', 'query', '企业记分 信用 道路运输企业 质量信誉考核', 'form', '按统一社会信用代码查询道路运输企业的记分和信誉等级。'],
    ['driver-score-query', '营运驾驶员计分查询', 'query', '驾驶员计分 营运驾驶员 记分 从业资格证', 'form', '按登录身份查询本人的营运驾驶员计分和记分记录。'],
    ['highway-closure-query', '高速公路阻断信息查询', 'info', '高速 路况 封路 阻断 施工', 'form', '查询达州境内高速公路的阻断路段、预计恢复时间和绕行建议。'],
    ['vehicle-inspection-query', '营运车辆检测记录查询', 'query', '检测记录 车辆检测 年审 综合性能检测', 'form', '按号牌查询营运车辆的综合性能检测记录。'],
    ['transport-penalty-query', '交通运输行政处罚查询', 'law', '行政处罚 交通运输 处罚', 'form', '按当事人名称或决定书文号查询交通运输行政处罚公示。'],
    ['transport-permit-query', '交通运输行政许可查询', 'certificate', '行政许可 交通运输 许可', 'form', '按当事人名称或许可证号查询交通运输行政许可公示。'],
    ['company-driver-score-query', '道路运输企业所属驾驶员记分查询', 'query', '驾驶员记分 道路运输企业', 'form', '按统一社会信用代码查询企业所属营运驾驶员的记分。'],
    ['exit-entry-hall-query', '达州市公安局出入境接待大厅信息查询', 'map', '出入境 护照 港澳通行证 接待大厅 办证大厅', 'form', '按区县查询出入境接待大厅的地址、电话和办公时间。'],
  ]),
  // 年审 are a company's (the vehicle's operator), 补证 a driver's own.
  ...group('transport', '我要办', ['traffic'], C, [
    ['freight-cert-review', '普货车辆运输证年审', 'truck', '年审 道路运输证 普货 货车', 'form', '在线提交普通货运车辆道路运输证年审材料，审验结果在我的办件查看。'],
    ['dangerous-cert-review', '危货车辆运输证年审', 'truck', '年审 危货 危险品 道路运输证', 'form', '在线提交危险货物运输车辆道路运输证年审材料，审验结果在我的办件查看。'],
    ['passenger-cert-review', '客运车辆运输证年审', 'bus', '年审 客运 道路运输证', 'form', '在线提交客运车辆道路运输证年审材料，审验结果在我的办件查看。'],
  ]),
  ...group('transport', '我要办', ['traffic'], P, [
    ['passenger-driver-reissue', '旅客运输驾驶员补证', 'id-card', '补证 从业资格证 客运驾驶员', 'form', '旅客运输驾驶员从业资格证遗失或损毁，在线申请补发。'],
    ['freight-driver-reissue', '货运驾驶员资格证补发', 'id-card', '补发 从业资格证 货运驾驶员', 'form', '货物运输驾驶员从业资格证遗失或损毁，在线申请补发。'],
  ]),
  ...group('transport', '我要办', ['traffic'], C, [
    ['taxi-cert-review', '巡游出租车运输证年审', 'taxi', '年审 出租车 运输证', 'form', '在线提交巡游出租汽车道路运输证年审材料，审验结果在我的办件查看。'],
    ['coach-car-cert-review', '教练车道路运输证年审', 'car', '年审 教练车 驾校 道路运输证', 'form', '在线提交教练车道路运输证年审材料，审验结果在我的办件查看。'],
  ]),
  // 文体教育
  ...group('culture-edu', '我要查', ['education'], P, [
    ['aid-policy-query', '资助政策查询', 'school', '学生资助 助学金 资助政策 奖学金', true, '输入政策名称或关键字，查询学生资助政策。'],
    ['zhongkao-score', '中考成绩查询', 'school', '中考 成绩 中考成绩 分数', true, '填写身份证号、报名号、准考证号和验证码，查询本人中考成绩。'],
    ['xuanhan-school-query', '宣汉学校查询', 'school', '宣汉 学校 招生 学区', 'form', '按校名、学段或乡镇查询宣汉县学校的地址和招生范围。'],
    ['adult-exam-score', '成人高考成绩查询', 'query', '成人高考 成考 成绩', 'form', '按登录身份和准考证号查询本人成人高考成绩。'],
    ['adult-exam-admission', '成人高考录取查询', 'query', '成人高考 成考 录取', 'form', '按登录身份和准考证号查询本人成人高考录取结果。'],
  ]),
  ...group('culture-edu', '我要办', ['education', 'culture-tourism'], P, [
    ['library-booking', '达州市文化馆预约', 'library', '图书馆（文化馆）预约 图书馆预约 文化馆 场馆预约 我的预约', true, '按登录身份选择场馆和时段预约图书馆、文化馆，可在“我的预约”查看。'],
  ]),
];

/** Extra themes for zone apps whose service also belongs elsewhere in 便民. */
const EXTRA_THEMES: Record<string, ThemeCode[]> = {
  'hf-rates': ['finance'],
  'hf-loan-calculator': ['finance'],
  'exit-entry-hall-query': ['household'],
  'rural-coop-tourism-list': ['agriculture'],
  'water-scenic-area-query': ['environment'],
  'developer-info-query': ['enterprise'],
  'enterprise-score-query': ['enterprise'],
  'charging-pile-query': ['life'],
  'hospital-booking': ['life'],
};

/**
 * 掌上办 高频事项: each opens its engine form (kind 'form', same code as the form and workflow) and
 * names the seeded 事项 whose guide the form completes.
 */
const PALM_APPS: [string, string, string, string, string, ThemeCode[], AppAudience[], string][] = [
  ['palm-social-insurance-proof', '社保参保证明打印', 'certificate', 'social-insurance-proof', itemCode('511700', 'SRS', 1), ['social'], P, '社保证明 参保证明 打印 社会保险'],
  ['palm-hf-withdraw', '住房公积金提取', 'fund', 'housing-fund-withdraw', itemCode('511700', 'SGJJ', 1), ['housing-fund'], P, '公积金提取 住房公积金 提取'],
  ['palm-property-query', '不动产登记查询', 'house', 'real-estate-query', itemCode('511700', 'SBDC', 1), ['housing'], P, '不动产查询 房产查询 登记资料'],
  ['palm-residence-permit', '居住证办理', 'id-card', 'residence-permit', itemCode('511700', 'SGA', 1), ['household'], P, '居住证 暂住证 办理'],
  ['palm-newborn', '新生儿出生一件事', 'baby', 'newborn-bundle', itemCode('511700', 'SWJW', 1), ['family'], P, '出生一件事 新生儿 上户口 出生证'],
  ['palm-company-setup', '企业开办', 'briefcase', 'company-setup', itemCode('511700', 'SSCJG', 1), ['enterprise'], C, '企业开办 开公司 营业执照 一件事'],
  ['palm-medical-transfer', '医保关系转移', 'shield', 'medicare-transfer', itemCode('511700', 'SYB', 1), ['health', 'social'], P, '医保转移 医保关系 转移接续'],
  ['palm-individual-business', '个体工商户登记', 'shop', 'individual-business', itemCode('511700', 'SSCJG', 2), ['enterprise'], PC, '个体户 个体工商户 营业执照'],
  ['palm-retirement', '退休一件事', 'star', 'retirement-bundle', itemCode('511700', 'SRS', 2), ['social'], P, '退休 退休手续 养老金'],
  ['palm-traffic-violation', '车辆违章查询', 'car', 'traffic-violation-query', itemCode('511700', 'SGA', 6), ['traffic'], P, '违章查询 交通违法 罚款 电子警察'],
];

/** Theme-only apps (no zone): the themes the zones leave empty, filled with usual 便民 services. */
const THEME_APPS: [string, string, string, ThemeCode[], AppAudience[], string][] = [
  ['legal-aid-apply', '法律援助申请', 'law', ['justice'], P, '法律援助 免费律师 法援 维权'],
  ['notary-booking', '公证预约', 'law', ['justice'], P, '公证 公证处 预约 委托公证'],
  ['social-card-finance', '社保卡金融功能查询', 'bank', ['finance', 'social'], P, '社保卡 金融账户 银行 激活'],
  ['farm-machinery-subsidy', '农机购置补贴查询', 'tractor', ['agriculture'], P, '农机补贴 农机购置 补贴查询'],
  ['air-quality', '空气质量查询', 'weather', ['environment'], PC, '空气质量 AQI PM2.5 环境'],
  ['weather-forecast', '天气预报', 'weather', ['environment', 'life'], PC, '天气 预报 气象 降雨'],
  ['marriage-booking', '婚姻登记预约', 'star', ['family'], P, '结婚登记 预约 领证 婚姻登记'],
  ['household-register-guide', '户籍业务办事指引', 'id-card', ['household'], P, '户口 户籍 迁移 落户 派出所'],
  ['hall-guide', '政务大厅导航', 'map', ['other'], PC, '政务服务中心 办事大厅 导航 地址'],
  ['service-rating', '政务服务好差评', 'star', ['other'], PC, '好差评 评价 满意度 投诉 我的评价'],
];

/** Theme apps that open a page the H5 already has: 好差评 is the citizen's own ratings (issue 10). */
const THEME_ROUTES: Record<string, { target: string; description: string }> = {
  'service-rating': { target: '/me/ratings', description: '对已办结的办件进行“好差评”评价，查看自己的评价和部门的整改答复。' },
};

export const SEED_APPS: SeedApp[] = [
  ...ZONE_APPS.map((a, i) => ({ ...a, themes: [...a.themes, ...(EXTRA_THEMES[a.code] ?? [])], sort: i })),
  ...PALM_APPS.map(([code, name, icon, formCode, item, themes, audience, keywords], i): SeedApp => ({
    code,
    name,
    icon,
    zone: 'palm',
    group: '高频事项',
    themes,
    audience,
    keywords,
    kind: 'form',
    formCode,
    itemCode: item,
    palm: true,
    description: `${name}：在手机上查看办事指南并在线办理。`,
    sort: i,
  })),
  ...THEME_APPS.map(([code, name, icon, themes, audience, keywords], i): SeedApp => ({
    code,
    name,
    icon,
    zone: null,
    group: null,
    themes,
    audience,
    keywords,
    ...(THEME_ROUTES[code] ? { kind: 'route', target: THEME_ROUTES[code].target } : { kind: 'external' }),
    palm: false,
    description: THEME_ROUTES[code]?.description ?? `${name}：由相关部门业务系统提供，接入完成后可在此直接使用。`,
    sort: 100 + i,
  })),
];
