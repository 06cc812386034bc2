/**
 * The demo records of the sandbox 道路运输管理系统: the road transport companies of 达州 (客运,
 * 货运, 危货, 出租), their vehicles with 道路运输证, the 客运班线 and stations, the drivers and their
 * 计分, the 行政处罚 / 行政许可 published, and the closures of the expressways through the city.
 * The places and roads are real; every company, station, person and number is invented and the
 * companies and stations say so (（演示）). Dates that must stay current (a 道路运输证's 审验, a
 * closure) are offsets from "now", so the demo never goes stale.
 */
import { beijingDay, maskName } from '../bureau/demo.js';

const DAY = 86_400_000;

/** 'YYYY-MM-DD' of now + days (Beijing calendar). */
export const dayFrom = (now: number, days: number): string => beijingDay(now + days * DAY);

/** The same calendar day `years` later ('2026-12-07' → '2027-12-07'; 02-29 → 02-28). */
export function addYears(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) + years;
  const md = day.slice(5) === '02-29' ? '02-28' : day.slice(5);
  return `${y}-${md}`;
}

export type CompanyKind = 'passenger' | 'freight' | 'dangerous' | 'taxi' | 'training';

export interface Company {
  name: string;
  creditCode: string;
  kind: CompanyKind;
  district: string;
  address: string;
  licenceNo: string;
  scope: string;
  /** Days from now until the 经营许可证 expires (negative: expired). */
  licenceDays: number;
  /** 质量信誉考核 scores of the last two years (last year first), and what was recorded. */
  scores: [number, number];
  records: string[];
}

/** The 校验码 of a 统一社会信用代码 (GB 32100-2015): the portal's forms check it as the code is typed. */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function withCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  return `${first17}${CREDIT_ALPHABET[(31 - (sum % 31)) % 31]!}`;
}
const code = (district: string, n: number) => withCheckChar(`91${district}MA6${String(n).padStart(6, '0')}`);
const licence = (district: string, n: number) => `川交运管许可达字${district}${String(n).padStart(6, '0')}号`;

export const COMPANIES: readonly Company[] = [
  {
    name: '达州市通达汽车客运有限公司（演示）', creditCode: code('511702', 1), kind: 'passenger', district: '通川区',
    address: '达州市通川区朝阳东路168号', licenceNo: licence('511702', 101), scope: '道路旅客运输经营（省际班车客运、市际班车客运、县际班车客运）',
    licenceDays: 900, scores: [930, 915], records: ['2026-04-18 车辆动态监控报警处置不及时 扣5分', '2026-08-02 安全生产标准化达标 加10分'],
  },
  {
    name: '达州巴山客运集团有限公司（演示）', creditCode: code('511703', 2), kind: 'passenger', district: '达川区',
    address: '达州市达川区南外镇翠屏路56号', licenceNo: licence('511703', 102), scope: '道路旅客运输经营（市际班车客运、县际班车客运、县内班车客运）',
    licenceDays: 420, scores: [842, 868], records: ['2026-03-11 驾驶员未按规定休息 扣10分', '2026-06-25 旅客投诉处理超期 扣5分'],
  },
  {
    name: '达州市川东物流有限公司（演示）', creditCode: code('511703', 3), kind: 'freight', district: '达川区',
    address: '达州市达川区三里坪街道长田坝路88号', licenceNo: licence('511703', 201), scope: '道路普通货物运输；货物专用运输（集装箱）',
    licenceDays: 600, scores: [905, 880], records: ['2026-05-20 车辆超限运输 扣20分'],
  },
  {
    name: '四川宕渠货运有限公司（演示）', creditCode: code('511725', 4), kind: 'freight', district: '渠县',
    address: '达州市渠县渠江街道人民路210号', licenceNo: licence('511725', 202), scope: '道路普通货物运输',
    licenceDays: 35, scores: [760, 812], records: ['2026-02-14 未按规定进行二级维护 扣10分', '2026-07-09 车辆超限运输 扣20分', '2026-09-30 从业人员无证上岗 扣20分'],
  },
  {
    name: '宣汉县东乡物流有限公司（演示）', creditCode: code('511722', 5), kind: 'freight', district: '宣汉县',
    address: '达州市宣汉县东乡街道东环路36号', licenceNo: licence('511722', 203), scope: '道路普通货物运输；大型物件运输',
    licenceDays: -20, scores: [690, 735], records: ['2026-01-08 经营许可证到期未换证 扣30分'],
  },
  {
    name: '达州市州河危险货物运输有限公司（演示）', creditCode: code('511702', 6), kind: 'dangerous', district: '通川区',
    address: '达州市通川区金龙大道302号', licenceNo: licence('511702', 301), scope: '道路危险货物运输（2类1项、3类，剧毒化学品除外）',
    licenceDays: 1200, scores: [955, 940], records: ['无扣分记录'],
  },
  {
    name: '达州市凤凰出租汽车有限公司（演示）', creditCode: code('511702', 7), kind: 'taxi', district: '通川区',
    address: '达州市通川区凤凰大道77号', licenceNo: licence('511702', 401), scope: '巡游出租汽车客运',
    licenceDays: 700, scores: [880, 872], records: ['2026-06-06 驾驶员拒载被投诉 扣5分'],
  },
  {
    name: '达州市明月出租汽车有限公司（演示）', creditCode: code('511703', 8), kind: 'taxi', district: '达川区',
    address: '达州市达川区翠屏街道达川大道129号', licenceNo: licence('511703', 402), scope: '巡游出租汽车客运',
    licenceDays: 260, scores: [815, 826], records: ['2026-05-01 车辆卫生不合格 扣5分', '2026-10-03 计价器未按期检定 扣10分'],
  },
  // The sandbox roster's demo company (demo/residents.ts, the 法人 login 13900000004): a trading
  // company running its own delivery trucks, so a company login finds its own 企业记分.
  {
    name: '达州市通川区示例商贸有限公司', creditCode: '91511702MA6A0D1766', kind: 'freight', district: '通川区',
    address: '达州市通川区西外镇金龙大道88号', licenceNo: licence('511702', 204), scope: '道路普通货物运输（自有货物配送）',
    licenceDays: 680, scores: [890, 902], records: ['2026-07-21 车辆未按期进行综合性能检测 扣5分'],
  },
  {
    name: '达州市通川驾驶培训有限公司（演示）', creditCode: code('511702', 9), kind: 'training', district: '通川区',
    address: '达州市通川区西外镇健民路45号', licenceNo: licence('511702', 501), scope: '机动车驾驶员培训（普通机动车驾驶员培训一级）',
    licenceDays: 500, scores: [901, 899], records: ['无扣分记录'],
  },
];

/** A self-employed 货运 operator (个体工商户): a private person, shown masked. */
export const INDIVIDUAL_OPERATORS = [
  { name: '王建明', creditCode: withCheckChar('92511702MA6000010'), district: '通川区', address: '达州市通川区华蜀北路19号', licenceNo: licence('511702', 211), licenceDays: 320 },
  { name: '刘小兵', creditCode: withCheckChar('92511724MA6000011'), district: '大竹县', address: '达州市大竹县竹阳街道白塔街8号', licenceNo: licence('511724', 212), licenceDays: 150 },
] as const;

export const companyByCode = (creditCode: string): Company | undefined => COMPANIES.find((c) => c.creditCode === creditCode);

export type VehicleKind = 'passenger' | 'freight' | 'taxi';

export interface Vehicle {
  plate: string;
  kind: VehicleKind;
  operator: string;
  transportCertNo: string;
  vehicleType: string;
  /** 客车 seats, 货车 核定载质量 (吨). */
  seats?: number;
  tonnage?: number;
  /** Days from now: the 道路运输证's 有效期 and the next 年度审验. */
  certDays: number;
  reviewDays: number;
}

const C = (i: number) => COMPANIES[i]!.name;

/** Every vehicle has a 道路运输证 numbered after its district: 511702 + 6 digits. */
export const VEHICLES: readonly Vehicle[] = [
  { plate: '川SK0001', kind: 'passenger', operator: C(0), transportCertNo: '511702010001', vehicleType: '大型普通客车', seats: 49, certDays: 1400, reviewDays: 210 },
  { plate: '川SK0002', kind: 'passenger', operator: C(0), transportCertNo: '511702010002', vehicleType: '大型普通客车', seats: 45, certDays: 1100, reviewDays: 18 },
  { plate: '川SK0003', kind: 'passenger', operator: C(1), transportCertNo: '511703010003', vehicleType: '中型普通客车', seats: 31, certDays: 800, reviewDays: -12 },
  { plate: '川SK0004', kind: 'passenger', operator: C(1), transportCertNo: '511703010004', vehicleType: '中型普通客车', seats: 19, certDays: 1650, reviewDays: 95 },
  { plate: '川SH0001', kind: 'freight', operator: C(2), transportCertNo: '511703020001', vehicleType: '重型厢式货车', tonnage: 18, certDays: 1300, reviewDays: 160 },
  { plate: '川SH0002', kind: 'freight', operator: C(2), transportCertNo: '511703020002', vehicleType: '重型半挂牵引车', tonnage: 32, certDays: 900, reviewDays: 25 },
  { plate: '川SH0003', kind: 'freight', operator: C(3), transportCertNo: '511725020003', vehicleType: '中型普通货车', tonnage: 8, certDays: 600, reviewDays: -40 },
  { plate: '川SH0004', kind: 'freight', operator: C(4), transportCertNo: '511722020004', vehicleType: '轻型厢式货车', tonnage: 2, certDays: 1500, reviewDays: 300 },
  { plate: '川ST0001', kind: 'taxi', operator: C(6), transportCertNo: '511702030001', vehicleType: '比亚迪秦PLUS EV（纯电动）', certDays: 1200, reviewDays: 120 },
  { plate: '川ST0002', kind: 'taxi', operator: C(6), transportCertNo: '511702030002', vehicleType: '大众朗逸（汽油）', certDays: 400, reviewDays: 9 },
  { plate: '川ST0003', kind: 'taxi', operator: C(7), transportCertNo: '511703030003', vehicleType: '吉利帝豪EV（纯电动）', certDays: 1800, reviewDays: 240 },
  { plate: '川ST0004', kind: 'taxi', operator: C(7), transportCertNo: '511703030004', vehicleType: '丰田卡罗拉（油电混合）', certDays: 300, reviewDays: -5 },
];

export const vehicleByPlate = (plate: string, kind?: VehicleKind): Vehicle | undefined => VEHICLES.find((v) => v.plate === plate && (!kind || v.kind === kind));

/** 正常 / 待年审 (due within 30 days) / 逾期未审 / 证件过期, from the dates. */
export function vehicleStatus(v: Vehicle): string {
  if (v.certDays < 0) return '证件过期';
  if (v.reviewDays < 0) return '逾期未审';
  if (v.reviewDays <= 30) return '待年审';
  return '正常';
}

export interface PassengerLine {
  lineName: string;
  from: string;
  to: string;
  station: string;
  departures: string;
  price: string;
  operator: string;
}

const CENTRE = '达州汽车客运中心（演示）';
const SOUTH = '达州南外客运站（演示）';
const NORTH = '达州北站客运站（演示）';

export const PASSENGER_LINES: readonly PassengerLine[] = [
  { lineName: '达州—成都（城北客运中心）', from: '达州', to: '成都', station: CENTRE, departures: '07:00、08:30、10:00、13:30、16:00', price: '156.00元', operator: C(0) },
  { lineName: '达州—重庆（龙头寺）', from: '达州', to: '重庆', station: CENTRE, departures: '07:30、09:00、11:30、14:00、17:00', price: '118.00元', operator: C(0) },
  { lineName: '达州—南充', from: '达州', to: '南充', station: CENTRE, departures: '08:00、11:00、15:00', price: '72.00元', operator: C(1) },
  { lineName: '达州—巴中', from: '达州', to: '巴中', station: NORTH, departures: '07:40、12:40、16:20', price: '65.00元', operator: C(1) },
  { lineName: '达州—万州', from: '达州', to: '万州', station: NORTH, departures: '08:10、13:10', price: '80.00元', operator: C(0) },
  { lineName: '达州—宣汉', from: '达州', to: '宣汉', station: NORTH, departures: '06:30起每20分钟一班，末班18:30', price: '15.00元', operator: C(1) },
  { lineName: '达州—万源', from: '达州', to: '万源', station: NORTH, departures: '07:00、09:00、11:00、14:00、16:30', price: '48.00元', operator: C(1) },
  { lineName: '达州—开江', from: '达州', to: '开江', station: SOUTH, departures: '06:40起每30分钟一班，末班18:10', price: '22.00元', operator: C(0) },
  { lineName: '达州—大竹', from: '达州', to: '大竹', station: SOUTH, departures: '06:50起每30分钟一班，末班18:20', price: '25.00元', operator: C(1) },
  { lineName: '达州—渠县', from: '达州', to: '渠县', station: SOUTH, departures: '07:00起每30分钟一班，末班18:00', price: '28.00元', operator: C(1) },
  { lineName: '达州—广安', from: '达州', to: '广安', station: SOUTH, departures: '08:20、12:20、15:50', price: '58.00元', operator: C(0) },
  { lineName: '达州—西安', from: '达州', to: '西安', station: CENTRE, departures: '08:00', price: '238.00元', operator: C(0) },
];

export interface Driver {
  name: string;
  /** 从业资格证号 (12 digits, made up, never an ID number). */
  qualificationNo: string;
  category: string;
  companyCode: string;
  points: number;
  records: string;
}

/** 12-digit 从业资格证号 of the old numbering (a newer one is the holder's ID number, never returned). */
const Q = (n: number) => `5117${String(20_000_000 + n * 7_919).padStart(8, '0')}`;
const D = (name: string, n: number, category: string, company: number, points: number, records: string): Driver => ({
  name, qualificationNo: Q(n), category, companyCode: COMPANIES[company]!.creditCode, points, records,
});

export const DRIVERS: readonly Driver[] = [
  D('陈志强', 1, '道路旅客运输驾驶员', 0, 0, '无计分记录'),
  D('李国华', 2, '道路旅客运输驾驶员', 0, 3, '2026-05-14 未按规定填写行车日志 计3分'),
  D('周建军', 3, '道路旅客运输驾驶员', 1, 10, '2026-03-11 连续驾驶超过4小时未休息 计10分'),
  D('黄德明', 4, '道路旅客运输驾驶员', 1, 1, '2026-07-21 未按规定携带从业资格证 计1分'),
  D('杨树林', 5, '道路货物运输驾驶员', 2, 0, '无计分记录'),
  D('赵海波', 6, '道路货物运输驾驶员', 2, 5, '2026-05-20 驾驶超限车辆 计5分'),
  D('吴长江', 7, '道路货物运输驾驶员', 3, 13, '2026-07-09 驾驶超限车辆 计5分；2026-09-30 无证驾驶营运车辆后补证 计8分'),
  D('郑光明', 8, '道路危险货物运输驾驶员', 5, 0, '无计分记录'),
  D('孙丽', 9, '巡游出租汽车驾驶员', 6, 3, '2026-06-06 拒载 计3分'),
  D('何永刚', 10, '巡游出租汽车驾驶员', 7, 1, '2026-10-03 未按规定使用计价器 计1分'),
  D('罗小红', 11, '巡游出租汽车驾驶员', 7, 0, '无计分记录'),
];

export const driversOf = (creditCode: string): Driver[] => DRIVERS.filter((d) => d.companyCode === creditCode);

/** 计分周期: 12 months from the 1st of the month the qualification was first issued, the current one. */
export function scoreCycle(now: number, startMonth: number): string {
  const today = beijingDay(now);
  let y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (m < startMonth) y -= 1;
  const start = `${y}-${String(startMonth).padStart(2, '0')}-01`;
  const endMonth = startMonth === 1 ? 12 : startMonth - 1;
  const endYear = startMonth === 1 ? y : y + 1;
  const lastDay = new Date(Date.UTC(endYear, endMonth, 0)).getUTCDate();
  return `${start}至${endYear}-${String(endMonth).padStart(2, '0')}-${lastDay}`;
}

export interface Penalty {
  decisionNo: string;
  /** A company's name, or a private person's (shown masked). */
  party: string;
  person: boolean;
  violation: string;
  basis: string;
  penalty: string;
  decidedAt: string;
}

const AUTHORITY = '达州市交通运输综合行政执法支队（演示）';

export const PENALTIES: readonly Penalty[] = [
  { decisionNo: '达交执罚决字（2026）第0012号', party: C(3), person: false, violation: '使用未按规定进行二级维护的车辆从事道路运输经营', basis: '《道路运输车辆技术管理规定》第三十一条', penalty: '罚款1000元', decidedAt: '2026-02-20' },
  { decisionNo: '达交执罚决字（2026）第0035号', party: C(1), person: false, violation: '客运车辆驾驶员连续驾驶超过4小时未停车休息', basis: '《道路旅客运输及客运站管理规定》第九十五条', penalty: '警告，罚款2000元', decidedAt: '2026-03-18' },
  { decisionNo: '达交执罚决字（2026）第0047号', party: '吴长江', person: true, violation: '未取得道路运输从业资格证驾驶营运车辆', basis: '《道路运输从业人员管理规定》第四十六条', penalty: '罚款200元', decidedAt: '2026-04-02' },
  { decisionNo: '达交执罚决字（2026）第0068号', party: C(2), person: false, violation: '货运车辆超限运输', basis: '《公路安全保护条例》第六十四条', penalty: '罚款3000元', decidedAt: '2026-05-22' },
  { decisionNo: '达交执罚决字（2026）第0073号', party: '孙丽', person: true, violation: '巡游出租汽车驾驶员拒载', basis: '《巡游出租汽车经营服务管理规定》第四十七条', penalty: '罚款200元', decidedAt: '2026-06-08' },
  { decisionNo: '达交执罚决字（2026）第0091号', party: C(3), person: false, violation: '货运车辆超限运输', basis: '《公路安全保护条例》第六十四条', penalty: '罚款5000元', decidedAt: '2026-07-12' },
  { decisionNo: '达交执罚决字（2026）第0108号', party: '张德福', person: true, violation: '未取得道路运输经营许可擅自从事道路旅客运输经营', basis: '《中华人民共和国道路运输条例》第六十三条', penalty: '没收违法所得，罚款10000元', decidedAt: '2026-08-15' },
  { decisionNo: '达交执罚决字（2026）第0126号', party: C(7), person: false, violation: '巡游出租汽车计价器未按规定检定', basis: '《巡游出租汽车经营服务管理规定》第四十六条', penalty: '警告，罚款1000元', decidedAt: '2026-10-09' },
  { decisionNo: '达交执罚决字（2026）第0133号', party: C(4), person: false, violation: '道路运输经营许可证到期后继续从事经营', basis: '《中华人民共和国道路运输条例》第六十三条', penalty: '罚款3000元', decidedAt: '2026-10-28' },
];

export interface Permit {
  permitNo: string;
  party: string;
  person: boolean;
  item: string;
  content: string;
  decidedAt: string;
}

const PERMIT_AUTHORITY = '达州市交通运输局（演示）';

export const PERMITS: readonly Permit[] = [
  ...COMPANIES.map((c, i): Permit => ({
    permitNo: c.licenceNo,
    party: c.name,
    person: false,
    item: { passenger: '道路旅客运输经营许可', freight: '道路货物运输经营许可', dangerous: '道路危险货物运输经营许可', taxi: '巡游出租汽车经营许可', training: '机动车驾驶员培训经营备案' }[c.kind],
    content: c.scope,
    decidedAt: `20${21 + (i % 5)}-${String(1 + ((i * 5) % 12)).padStart(2, '0')}-${String(3 + ((i * 7) % 25)).padStart(2, '0')}`,
  })),
  ...INDIVIDUAL_OPERATORS.map((o, i): Permit => ({
    permitNo: o.licenceNo, party: o.name, person: true, item: '道路货物运输经营许可', content: '道路普通货物运输（个体）', decidedAt: `2024-0${3 + i * 4}-16`,
  })),
  { permitNo: '川交运管许可达字511702000601号', party: C(0), person: false, item: '道路客运班线经营许可', content: '达州—成都（城北客运中心）省内市际班线，日发5班', decidedAt: '2025-09-12' },
  { permitNo: '川交运管许可达字511703000602号', party: C(1), person: false, item: '道路客运班线经营许可', content: '达州—宣汉县际班线，公交化运营', decidedAt: '2025-11-03' },
];

/** 有效期至: a 经营许可 the operator's own date (kept current), a 班线 4 years from its decision. */
export function permitValidUntil(p: Permit, now: number): string {
  const company = COMPANIES.find((c) => c.licenceNo === p.permitNo);
  if (company) return dayFrom(now, company.licenceDays);
  const individual = INDIVIDUAL_OPERATORS.find((o) => o.licenceNo === p.permitNo);
  if (individual) return dayFrom(now, individual.licenceDays);
  return addYears(p.decidedAt, 4);
}

export { AUTHORITY as PENALTY_AUTHORITY, PERMIT_AUTHORITY };

/** A party as published: a company by name, a person masked (张*). */
export const partyShown = (party: string, person: boolean): string => (person ? maskName(party) : party);

export interface Closure {
  road: string;
  section: string;
  direction: string;
  reason: string;
  /** Hours from the start of today (Beijing) to the start, and the closure's length in hours. */
  startHour: number;
  hours: number;
  detour: string;
}

/** The closures in force today: stable through a day, renewed every day. */
export const CLOSURES: readonly Closure[] = [
  { road: 'G65 包茂高速', section: '达州北互通—达州东互通（K1712+300—K1721+800）', direction: '往西安方向', reason: '路面养护施工，封闭外侧车道，限速60公里/小时', startHour: -30, hours: 96, detour: '大型货车可经G210国道绕行，小型客车减速慢行通过' },
  { road: 'G65 包茂高速', section: '宣汉收费站入口', direction: '双向', reason: '收费站改造施工，入口临时关闭', startHour: 6, hours: 14, detour: '请经达州北收费站上高速' },
  { road: 'G42 沪蓉高速', section: '大竹—邻水（K1523+000—K1538+600）', direction: '往重庆方向', reason: '交通事故处置，临时封闭', startHour: 8, hours: 5, detour: '经大竹收费站下道，沿G318国道绕行至邻水收费站' },
  { road: 'G42 沪蓉高速', section: '达川—大竹段', direction: '双向', reason: '团雾，临时交通管制', startHour: -4, hours: 10, detour: '管制期间车辆分批放行，请注意限速和车距' },
  { road: 'G5515 张南高速', section: '开江—达州西（K132+500—K147+200）', direction: '往南充方向', reason: '桥梁检测，封闭内侧车道', startHour: 9, hours: 8, detour: '单车道通行，请提前并线' },
];
