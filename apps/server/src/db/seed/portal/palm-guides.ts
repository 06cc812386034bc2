/**
 * The 事项指南 of the ten 掌上办 items, written out instead of built from the generic row: these
 * are the guides a citizen reads before filling the app's form (db/seed/engine/palm-forms.ts),
 * so their materials, steps and time limits say what that form and its workflow really do.
 * Promised days here are the workflows' `timeLimitDays` (the seed test checks they agree).
 */
import type { ItemStep } from '@dz/contracts';

export interface PalmGuide {
  /** Legal and promised working days (0 = 即办), as in the row format of items.ts. */
  legal: number;
  promised: number;
  charge: string;
  /** Material specs as in items.ts ('name:o|c|e', leading '?' = 视情形提交). */
  materials: string[];
  steps: ItemStep[];
}

const ID = '居民身份证:o';

export const PALM_GUIDES: Record<string, PalmGuide> = {
  '511700-SRS-001': {
    legal: 0,
    promised: 0,
    charge: '不收费',
    materials: ['居民身份证（实名登录后免提交）:e'],
    steps: [
      { title: '实名登录', description: '使用“天府通办”达州分站实名账号登录，系统按登录身份查询参保记录。' },
      { title: '选择证明内容', description: '选择需要证明的险种和证明用途。' },
      { title: '即时出具', description: '系统实时生成带电子签章和核验二维码的参保证明（PDF），可下载、打印或转发。' },
      { title: '扫码核验', description: '使用单位可扫描证明上的二维码或在本平台“证照核验”中核验真伪。' },
    ],
  },
  '511700-SGJJ-001': {
    legal: 3,
    promised: 1,
    charge: '不收费',
    materials: [ID, '提取原因证明（购房合同、租赁合同、离职或退休证明等）:c', '本人名下借记卡:c'],
    steps: [
      { title: '在线申请', description: '选择提取原因，填写提取金额和收款银行卡，上传对应证明材料。' },
      { title: '中心审核', description: '申请实时推送达州市住房公积金管理中心，在1个工作日内完成审核；材料不全的一次性告知补正。' },
      { title: '资金到账', description: '审核通过后提取金额转入本人银行卡，一般当日到账。' },
      { title: '结果通知', description: '审核结果通过短信和“我的办件”告知，可随时查看进度。' },
    ],
  },
  '511700-SBDC-001': {
    legal: 0,
    promised: 0,
    charge: '不收费',
    materials: ['居民身份证（实名登录后免提交）:e'],
    steps: [
      { title: '实名登录', description: '仅可查询本人名下的不动产，须使用实名账号登录。' },
      { title: '选择查询范围', description: '查询本人名下全部不动产，或输入不动产权证号查询一处。' },
      { title: '即时查看', description: '即时显示不动产权证号、坐落、面积、用途和登记时间。' },
    ],
  },
  '511700-SGA-001': {
    legal: 15,
    promised: 15,
    charge: '首次申领不收费；换领、补领收取工本费20元',
    materials: [ID, '居住地住所证明（房屋租赁合同或房屋产权证明）:c', '?劳动合同、就业证明或就读证明:c', '近期一寸免冠彩色照片:e'],
    steps: [
      { title: '在线申请', description: '填写居住信息和申领条件，上传一寸照片、身份证和住所证明。' },
      { title: '受理', description: '居住地派出所在1个工作日内受理；材料不齐的一次性告知补正内容。' },
      { title: '审查', description: '核查居住、就业或就读情况，必要时上门核实。' },
      { title: '决定', description: '符合条件的作出签发决定，不符合的书面说明理由。' },
      { title: '办结领证', description: '自受理之日起15个工作日内制证，可到派出所领取或选择邮寄。' },
    ],
  },
  '511700-SWJW-001': {
    legal: 10,
    promised: 5,
    charge: '不收费',
    materials: ['出生医学证明（医院推送，免提交）:e', '父母居民身份证:o', '父母居民户口簿:o', '?结婚证:c'],
    steps: [
      { title: '一表申请', description: '填写一张表，同时申请出生医学证明、户口登记、医保参保和社保卡。' },
      { title: '并联办理', description: '卫健、公安、医保、人社四部门同时办理，各环节进度分别可查。' },
      { title: '统一办结', description: '全部环节在5个工作日内办结，户口簿和社保卡可免费邮寄到家。' },
    ],
  },
  '511700-SSCJG-001': {
    legal: 3,
    promised: 1,
    charge: '不收费（首套印章由政府免费刻制）',
    materials: ['公司章程:e', '股东及法定代表人身份证明:e', '住所使用证明（产权证明或租赁合同）:e'],
    steps: [
      { title: '名称申报', description: '通过企业名称自主申报系统确定企业名称。' },
      { title: '一表填报', description: '一次填写设立登记、印章刻制、税务和社保登记信息，上传章程等材料。' },
      { title: '并联办理', description: '市场监管、公安（印章）、税务、人社四部门同时办理，1个工作日内办结。' },
      { title: '一次领取', description: '营业执照、印章、发票可在政务服务中心一个窗口领取，或免费邮寄。' },
    ],
  },
  '511700-SYB-001': {
    legal: 15,
    promised: 5,
    charge: '不收费',
    materials: [ID, '?参保凭证（转出地出具）:c'],
    steps: [
      { title: '在线申请', description: '选择转入或转出，填写转出地、转入地和参保险种。' },
      { title: '经办审核', description: '医保经办机构审核参保凭证，与转出（入）地经办机构联系办理。' },
      { title: '转移接续', description: '在5个工作日内完成关系转移，个人账户余额一并转移，参保缴费年限累计计算。' },
    ],
  },
  '511700-SSCJG-002': {
    legal: 15,
    promised: 1,
    charge: '不收费',
    materials: [ID, '经营场所使用证明:c'],
    steps: [
      { title: '在线申请', description: '填写经营者、经营场所和经营范围，上传身份证和经营场所证明。' },
      { title: '审核登记', description: '市场监管部门在1个工作日内审核；材料齐全、符合法定形式的当场登记。' },
      { title: '领取执照', description: '下载电子营业执照，纸质执照可到窗口领取或免费邮寄。' },
    ],
  },
  '511700-SRS-002': {
    legal: 20,
    promised: 10,
    charge: '不收费',
    materials: [ID, '职工档案:o', '?社会保障卡:o', '?特殊工种或劳动能力鉴定材料:c'],
    steps: [
      { title: '一次申请', description: '达到退休年龄前1个月内在线申请，选择退休类型，确认养老金发放账户。' },
      { title: '并联办理', description: '人社、医保、公积金三部门同时办理养老金申领、医保退休待遇核定和公积金销户提取。' },
      { title: '待遇发放', description: '在10个工作日内办结，次月起按月发放基本养老金，结果短信通知。' },
    ],
  },
  '511700-SGA-006': {
    legal: 0,
    promised: 0,
    charge: '查询不收费（罚款按处罚决定缴纳）',
    materials: ['机动车行驶证（号牌号码和发动机号）:e'],
    steps: [
      { title: '输入车辆信息', description: '选择号牌种类，填写号牌号码和发动机号后6位。' },
      { title: '即时查询', description: '即时显示违法时间、地点、行为、记分、罚款和处理状态。' },
      { title: '处理缴款', description: '未处理的违法可到交警窗口处理，或通过交管12123在线处理缴款。' },
    ],
  },
};
