/**
 * 达州市文化广电旅游局's published records as the sandbox plays them: 旅行社, 导游, A级景区,
 * 水利风景区, 文化产业增加值 and 市级示范农民合作社（文旅类）. The spots and counties are real names
 * (DOMAIN.md); companies, people, licence numbers and figures are invented.
 */
import { DISTRICTS } from '../bureau/demo.js';

export interface TravelAgency {
  name: string;
  licenceNo: string;
  /** 经营范围 */
  scope: '国内旅游和入境旅游' | '国内旅游、入境旅游和出境旅游';
  address: string;
  phone: string;
  qualityDeposit: string;
}

const AGENCY_WORDS = ['巴山', '川东', '凤凰', '莲湖', '宕渠', '賨州', '八台山', '明月江', '州河', '翠屏', '东柳', '塔沱'];
const AGENCY_ADDRESSES = ['通川区朝阳东路', '通川区凤凰大道', '通川区通川北路', '达川区翠屏街道达川大道', '达川区南外镇长兴路', '宣汉县东乡街道东环路', '万源市太平镇红旗路', '渠县渠江街道人民路', '大竹县竹阳街道白塔街', '开江县新宁镇淙城大道', '通川区荷叶街', '通川区金龙大道'];

export const TRAVEL_AGENCIES: readonly TravelAgency[] = AGENCY_WORDS.map((w, i) => ({
  name: `达州市${w}国际旅行社有限公司（演示）`.replace('国际', i % 3 === 0 ? '国际' : ''),
  licenceNo: `L-SC-${String(10450 + i * 37).padStart(5, '0')}`,
  scope: i % 3 === 0 ? '国内旅游、入境旅游和出境旅游' : '国内旅游和入境旅游',
  address: `达州市${AGENCY_ADDRESSES[i]}${20 + i * 13}号（演示地址）`,
  phone: `0818-21${String(30001 + i * 17).slice(-5)}`,
  qualityDeposit: i % 3 === 0 ? '140万元' : '20万元',
}));

export interface Guide {
  name: string;
  guideNo: string;
  level: '初级' | '中级' | '高级';
  language: string;
  agency: string;
  validUntil: string;
}

const GUIDE_NAMES = ['王晓燕', '李建国', '张静', '刘洋', '陈雪梅', '杨帆', '赵敏', '黄俊', '周婷', '吴磊'];

export const GUIDES: readonly Guide[] = GUIDE_NAMES.map((name, i) => ({
  name,
  guideNo: `D-5117-${String(203150 + i * 211).padStart(6, '0')}`,
  level: i % 5 === 0 ? '高级' : i % 2 === 0 ? '中级' : '初级',
  language: i % 4 === 1 ? '英语' : '普通话',
  agency: TRAVEL_AGENCIES[i % TRAVEL_AGENCIES.length]!.name,
  validUntil: `${2027 + (i % 3)}-${String(1 + ((i * 5) % 12)).padStart(2, '0')}-${String(10 + i).padStart(2, '0')}`,
}));

export interface ScenicArea {
  name: string;
  level: '5A' | '4A' | '3A';
  county: string;
  address: string;
  openHours: string;
  ticket: string;
  phone: string;
}

export const A_LEVEL_SPOTS: readonly ScenicArea[] = [
  { name: '巴山大峡谷', level: '5A', county: '511722', address: '宣汉县渡口土家族乡（演示地址）', openHours: '08:30–17:30', ticket: '以景区公布为准（演示）', phone: '0818-5888001' },
  { name: '八台山', level: '4A', county: '511781', address: '万源市八台镇（演示地址）', openHours: '08:30–17:00', ticket: '以景区公布为准（演示）', phone: '0818-8688002' },
  { name: '真佛山', level: '4A', county: '511703', address: '达川区福善镇（演示地址）', openHours: '08:00–17:30', ticket: '免费，实行预约（演示）', phone: '0818-2688003' },
  { name: '賨人谷', level: '4A', county: '511725', address: '渠县龙潭乡（演示地址）', openHours: '08:30–17:00', ticket: '以景区公布为准（演示）', phone: '0818-7388004' },
  { name: '莲花湖', level: '4A', county: '511702', address: '通川区金龙大道（演示地址）', openHours: '全天开放', ticket: '免费', phone: '0818-2188005' },
  { name: '凤凰山', level: '3A', county: '511702', address: '通川区凤凰大道（演示地址）', openHours: '全天开放', ticket: '免费', phone: '0818-2188006' },
  { name: '洋烈水乡（演示）', level: '4A', county: '511722', address: '宣汉县普光镇（演示地址）', openHours: '08:30–17:30', ticket: '以景区公布为准（演示）', phone: '0818-5888007' },
  { name: '汉阙文化园（演示）', level: '3A', county: '511725', address: '渠县土溪镇（演示地址）', openHours: '09:00–17:00', ticket: '免费', phone: '0818-7388008' },
  { name: '百岛湖（演示）', level: '3A', county: '511724', address: '大竹县（演示地址）', openHours: '08:30–17:30', ticket: '以景区公布为准（演示）', phone: '0818-6288009' },
  { name: '宝石湖（演示）', level: '3A', county: '511723', address: '开江县（演示地址）', openHours: '全天开放', ticket: '免费', phone: '0818-8288010' },
];

export interface WaterScenicArea {
  name: string;
  level: '国家级' | '省级';
  county: string;
  water: string;
  area: string;
  approvedYear: string;
}

export const WATER_SCENIC_AREAS: readonly WaterScenicArea[] = [
  { name: '莲花湖水利风景区（演示）', level: '省级', county: '511702', water: '莲花湖', area: '约3.2平方公里', approvedYear: '2012' },
  { name: '宣汉县江口湖水利风景区（演示）', level: '国家级', county: '511722', water: '江口水库', area: '约18.6平方公里', approvedYear: '2015' },
  { name: '渠县渠江水利风景区（演示）', level: '省级', county: '511725', water: '渠江', area: '约6.4平方公里', approvedYear: '2017' },
  { name: '大竹县百岛湖水利风景区（演示）', level: '省级', county: '511724', water: '百岛湖', area: '约9.1平方公里', approvedYear: '2014' },
  { name: '开江县宝石湖水利风景区（演示）', level: '国家级', county: '511723', water: '宝石桥水库', area: '约12.3平方公里', approvedYear: '2016' },
  { name: '万源市龙潭河水利风景区（演示）', level: '省级', county: '511781', water: '龙潭河', area: '约5.7平方公里', approvedYear: '2019' },
];

/** 文化产业增加值 (亿元) by year, whole city first then each county; share of GDP in %. */
export interface CultureOutput {
  year: string;
  county: string;
  value: string;
  share: string;
  growth: string;
}

const BASE_2020: Record<string, number> = { 511702: 28.6, 511703: 19.4, 511722: 17.8, 511723: 6.9, 511724: 12.1, 511725: 13.5, 511781: 8.3 };
export const CULTURE_YEARS = [2021, 2022, 2023, 2024, 2025] as const;

export function cultureOutput(year: number): CultureOutput[] {
  const grow = (base: number, code: string, y: number) => base * Math.pow(1 + 0.055 + (Number(code.slice(-1)) % 3) * 0.01, y - 2020);
  const rows = DISTRICTS.map((d) => {
    const value = grow(BASE_2020[d.code]!, d.code, year);
    const before = grow(BASE_2020[d.code]!, d.code, year - 1);
    return { year: String(year), county: d.name, value: value.toFixed(2), share: (3.1 + (Number(d.code.slice(-1)) % 4) * 0.3).toFixed(1), growth: `${(((value - before) / before) * 100).toFixed(1)}%` };
  });
  const total = rows.reduce((s, r) => s + Number(r.value), 0);
  const totalBefore = DISTRICTS.reduce((s, d) => s + grow(BASE_2020[d.code]!, d.code, year - 1), 0);
  return [{ year: String(year), county: '达州市（全市）', value: total.toFixed(2), share: '3.6', growth: `${(((total - totalBefore) / totalBefore) * 100).toFixed(1)}%` }, ...rows];
}

/** GB 32100 统一社会信用代码 with its check character; 93 = 农民专业合作社. */
const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function coopCreditCode(county: string, n: number): string {
  const body = `93${county}MA${String(6100000 + n * 7919).slice(-7)}`;
  const sum = [...body].reduce((s, c, i) => s + CC_CHARS.indexOf(c) * CC_WEIGHTS[i]!, 0);
  return body + CC_CHARS[(31 - (sum % 31)) % 31];
}

export interface RuralCoop {
  name: string;
  creditCode: string;
  county: string;
  business: string;
  listedYear: string;
}

const COOPS: [string, string, string][] = [
  ['511722', '宣汉县渡口土家风情乡村旅游专业合作社（演示）', '土家民宿、农家乐、民俗表演'],
  ['511722', '宣汉县洋烈水乡休闲农业专业合作社（演示）', '采摘体验、乡村餐饮'],
  ['511781', '万源市八台山茶旅专业合作社（演示）', '富硒茶园观光、茶事体验'],
  ['511703', '达川区真佛山农旅专业合作社（演示）', '农家乐、研学旅行'],
  ['511725', '渠县賨人谷生态旅游专业合作社（演示）', '乡村民宿、黄花产业观光'],
  ['511702', '通川区莲湖乡村旅游专业合作社（演示）', '垂钓、农事体验'],
  ['511724', '大竹县百岛湖渔旅专业合作社（演示）', '渔家乐、湖鲜餐饮'],
  ['511723', '开江县宝石湖稻渔文旅专业合作社（演示）', '稻渔综合种养观光'],
];

export const RURAL_COOPS: readonly RuralCoop[] = COOPS.map(([county, name, business], i) => ({ name, creditCode: coopCreditCode(county, i + 1), county, business, listedYear: String(2022 + (i % 3)) }));

export const countyName = (code: string) => DISTRICTS.find((d) => d.code === code)?.name ?? code;
