/**
 * 定点医药机构 directories of the sandbox 医保 system: 定点零售药店 of this 统筹区 (达州), of other
 * cities of 四川 (省内异地) and of other provinces (跨省异地), and the 省内异地普通门诊 医疗机构 that
 * settle directly. The cities and districts are real; every pharmacy and hospital is invented and
 * named 模拟, with made-up codes and numbers.
 */
import { DISTRICTS, STREETS } from '../bureau/demo.js';

export interface InstitutionRow {
  code: string;
  name: string;
  /** 所在地区: city and district, the area filter matches it. */
  area: string;
  address: string;
  phone: string;
  /** 医疗机构 only: 医院等级 and 机构类型. */
  level?: string;
  type?: string;
  /** 异地 only: whether 门诊 / 购药 settle directly (直接结算). */
  settlement?: string;
}

interface Area {
  /** 地区 as shown, e.g. 成都市锦江区. */
  name: string;
  /** 6-digit 行政区划代码 of the city (the code prefix). */
  code: string;
  /** 区号 of the phone numbers. */
  dial: string;
}

const PROVINCIAL: Area[] = [
  { name: '成都市锦江区', code: '510104', dial: '028' },
  { name: '成都市武侯区', code: '510107', dial: '028' },
  { name: '成都市成华区', code: '510108', dial: '028' },
  { name: '南充市顺庆区', code: '511302', dial: '0817' },
  { name: '巴中市巴州区', code: '511902', dial: '0827' },
  { name: '广安市广安区', code: '511602', dial: '0826' },
  { name: '绵阳市涪城区', code: '510703', dial: '0816' },
  { name: '宜宾市翠屏区', code: '511502', dial: '0831' },
  { name: '泸州市江阳区', code: '510502', dial: '0830' },
  { name: '遂宁市船山区', code: '510903', dial: '0825' },
];

const INTERPROVINCIAL: Area[] = [
  { name: '重庆市渝中区', code: '500103', dial: '023' },
  { name: '重庆市万州区', code: '500101', dial: '023' },
  { name: '重庆市开州区', code: '500154', dial: '023' },
  { name: '陕西省西安市雁塔区', code: '610113', dial: '029' },
  { name: '陕西省安康市汉滨区', code: '610902', dial: '0915' },
  { name: '湖北省武汉市武昌区', code: '420106', dial: '027' },
  { name: '贵州省贵阳市云岩区', code: '520103', dial: '0851' },
  { name: '广东省广州市天河区', code: '440106', dial: '020' },
  { name: '广东省深圳市南山区', code: '440305', dial: '0755' },
  { name: '浙江省杭州市西湖区', code: '330106', dial: '0571' },
  { name: '北京市朝阳区', code: '110105', dial: '010' },
  { name: '上海市浦东新区', code: '310115', dial: '021' },
];

const LOCAL: Area[] = DISTRICTS.map((d) => ({ name: `达州市${d.name}`, code: d.code, dial: '0818' }));

const PHARMACY_BRANDS = ['康源大药房', '济民药店', '仁和堂药房', '百草堂大药房', '益康药房', '惠民大药房', '同心堂药店', '安康大药房'];
const ROADS = ['人民路', '解放路', '建设路', '中山路', '滨江路', '新华街', '东大街', '健康路', '长江路', '光明路'];
const HOSPITAL_KINDS: [string, string, string][] = [
  ['人民医院', '三级甲等', '综合医院'],
  ['中医医院', '三级甲等', '中医医院'],
  ['第二人民医院', '二级甲等', '综合医院'],
  ['妇幼保健院', '二级甲等', '妇幼保健院'],
  ['社区卫生服务中心', '一级', '基层医疗卫生机构'],
];

/** A street of the area: Dazhou's real streets at home, generic road names elsewhere. */
function street(area: Area, i: number): string {
  const district = area.name.replace(/^达州市/, '');
  const own = STREETS[district];
  return own ? own[i % own.length]! : ROADS[(i * 3) % ROADS.length]!;
}

const phone = (area: Area, i: number) => `${area.dial}-${String(2_100_000 + ((i * 7919) % 7_000_000)).padStart(7, '0')}`;

function pharmacies(areas: Area[], count: number, settlement: string | null): InstitutionRow[] {
  return Array.from({ length: count }, (_, i) => {
    const area = areas[i % areas.length]!;
    const road = street(area, Math.floor(i / areas.length));
    const brand = PHARMACY_BRANDS[(i * 5) % PHARMACY_BRANDS.length]!;
    return {
      code: `P${area.code}${String(i + 1).padStart(5, '0')}`,
      name: `${brand}（${road}店·模拟）`,
      area: area.name,
      address: `${area.name}${road}${(i * 37) % 300 + 1}号`,
      phone: phone(area, i),
      ...(settlement ? { settlement } : {}),
    };
  });
}

function outpatients(areas: Area[], count: number): InstitutionRow[] {
  return Array.from({ length: count }, (_, i) => {
    const area = areas[i % areas.length]!;
    // Shifted per round so each area gets different kinds of hospital.
    const [kind, level, type] = HOSPITAL_KINDS[(Math.floor(i / areas.length) + i) % HOSPITAL_KINDS.length]!;
    const name = level === '一级' ? `${area.name}${ROADS[i % ROADS.length]!.replace(/[路街]$/, '')}${kind}（模拟）` : `${area.name}${kind}（模拟）`;
    return {
      code: `H${area.code}${String(i + 1).padStart(5, '0')}`,
      name,
      area: area.name,
      address: `${area.name}${street(area, i)}${(i * 53) % 500 + 1}号`,
      phone: phone(area, i + 97),
      level,
      type,
      settlement: '普通门诊费用直接结算',
    };
  });
}

const DIRECTORIES = {
  'pharmacy-local': pharmacies(LOCAL, 42, null),
  'pharmacy-provincial': pharmacies(PROVINCIAL, 40, '个人账户购药直接结算'),
  'pharmacy-interprovincial': pharmacies(INTERPROVINCIAL, 48, '跨省个人账户购药直接结算'),
  'outpatient-provincial': outpatients(PROVINCIAL, 30),
} satisfies Record<string, InstitutionRow[]>;

export type DirectoryName = keyof typeof DIRECTORIES;

/** The directory's rows in the area (its name contains the words) and matching the keyword (name, address or code). */
export function searchDirectory(name: DirectoryName, filter: { keyword?: string; area?: string }): InstitutionRow[] {
  const { keyword, area } = filter;
  return DIRECTORIES[name].filter((r) => (!area || r.area.includes(area)) && (!keyword || r.name.includes(keyword) || r.address.includes(keyword) || r.code.includes(keyword)));
}

export const directorySize = (name: DirectoryName): number => DIRECTORIES[name].length;
