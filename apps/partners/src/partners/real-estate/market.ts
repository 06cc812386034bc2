/**
 * The 商品房 side of the registry's 我要查 apps: 开发企业, 项目 (预售许可) and 商品房买卖合同备案.
 * A fixed demo list (names say （演示）) in the districts of 达州; filings are derived per project
 * so a search by project or by contract number finds the same rows every time.
 */
import { Demo } from '../bureau/demo.js';

// GB 32100-2015 统一社会信用代码: 17 characters then a check character over the 31-letter alphabet.
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function withCreditCheck(first17: string): string {
  const sum = [...first17].reduce((s, ch, i) => s + CODE_CHARS.indexOf(ch) * CODE_WEIGHTS[i]!, 0);
  return first17 + CODE_CHARS[(31 - (sum % 31)) % 31];
}

export interface Developer {
  name: string;
  creditCode: string;
  qualification: string;
  certNo: string;
  validUntil: string;
  address: string;
  phone: string;
}

export const DEVELOPERS: readonly Developer[] = [
  { name: '达州凤凰置业有限公司（演示）', creditCode: withCreditCheck('91511702MA62D1K37'), qualification: '二级', certNo: '川建房开字（2019）第0218号', validUntil: '2027-06-30', address: '达州市通川区朝阳中路58号', phone: '0818-2136688' },
  { name: '达州川东房地产开发有限公司（演示）', creditCode: withCreditCheck('91511703MA6B4E2N5'), qualification: '一级', certNo: '川建房开字（2016）第0076号', validUntil: '2028-03-31', address: '达州市达川区南外大道219号', phone: '0818-2658899' },
  { name: '达州明月江置业有限公司（演示）', creditCode: withCreditCheck('91511702MA6C7F9P1'), qualification: '二级', certNo: '川建房开字（2020）第0331号', validUntil: '2026-12-31', address: '达州市通川区西外大道120号', phone: '0818-2388066' },
  { name: '宣汉巴山房地产开发有限公司（演示）', creditCode: withCreditCheck('91511722MA6D2G8Q4'), qualification: '三级', certNo: '川建房开字（2021）第0412号', validUntil: '2027-09-30', address: '达州市宣汉县东乡街道东环路36号', phone: '0818-5226677' },
  { name: '大竹东湖置业有限公司（演示）', creditCode: withCreditCheck('91511724MA6E5H3R2'), qualification: '二级', certNo: '川建房开字（2018）第0155号', validUntil: '2027-05-31', address: '达州市大竹县竹阳街道东湖大道88号', phone: '0818-6238855' },
  { name: '渠县宕渠实业有限公司（演示）', creditCode: withCreditCheck('91511725MA6F8J6T9'), qualification: '三级', certNo: '川建房开字（2022）第0507号', validUntil: '2028-08-31', address: '达州市渠县渠江街道人民路102号', phone: '0818-7326611' },
  { name: '开江淙城房地产开发有限公司（演示）', creditCode: withCreditCheck('91511723MA6G1K4U7'), qualification: '三级', certNo: '川建房开字（2020）第0298号', validUntil: '2026-10-31', address: '达州市开江县新宁镇淙城大道16号', phone: '0818-8223399' },
  { name: '万源巴山大峡谷置业有限公司（演示）', creditCode: withCreditCheck('91511781MA6H3L2W5'), qualification: '三级', certNo: '川建房开字（2023）第0561号', validUntil: '2029-02-28', address: '达州市万源市古东关街道万源大道201号', phone: '0818-8652277' },
];

export interface Project {
  project: string;
  developer: string;
  district: string;
  presaleNo: string;
  units: number;
  soldUnits: number;
  avgPrice: string;
  status: string;
}

const yuanPerM2 = (n: number) => `${n.toLocaleString('en-US')}元/㎡`;

export const PROJECTS: readonly Project[] = [
  { project: '凤凰府（演示）', developer: DEVELOPERS[0]!.name, district: '通川区', presaleNo: '达市预售字（2024）第018号', units: 468, soldUnits: 392, avgPrice: yuanPerM2(7280), status: '在售' },
  { project: '朝阳里（演示）', developer: DEVELOPERS[0]!.name, district: '通川区', presaleNo: '达市预售字（2022）第041号', units: 312, soldUnits: 312, avgPrice: yuanPerM2(6850), status: '售罄' },
  { project: '南外壹号（演示）', developer: DEVELOPERS[1]!.name, district: '达川区', presaleNo: '达市预售字（2025）第007号', units: 586, soldUnits: 201, avgPrice: yuanPerM2(6420), status: '在售' },
  { project: '三里坪滨江苑（演示）', developer: DEVELOPERS[1]!.name, district: '达川区', presaleNo: '达市预售字（2023）第029号', units: 724, soldUnits: 655, avgPrice: yuanPerM2(6180), status: '在售' },
  { project: '明月江畔（演示）', developer: DEVELOPERS[2]!.name, district: '通川区', presaleNo: '达市预售字（2025）第022号', units: 396, soldUnits: 88, avgPrice: yuanPerM2(7650), status: '在售' },
  { project: '西外新城（演示）', developer: DEVELOPERS[2]!.name, district: '通川区', presaleNo: '达市预售字（2026）第003号', units: 240, soldUnits: 0, avgPrice: yuanPerM2(7900), status: '待售' },
  { project: '东乡华府（演示）', developer: DEVELOPERS[3]!.name, district: '宣汉县', presaleNo: '宣汉预售字（2024）第011号', units: 288, soldUnits: 176, avgPrice: yuanPerM2(5260), status: '在售' },
  { project: '东湖湾（演示）', developer: DEVELOPERS[4]!.name, district: '大竹县', presaleNo: '大竹预售字（2023）第015号', units: 356, soldUnits: 301, avgPrice: yuanPerM2(5080), status: '在售' },
  { project: '宕渠名苑（演示）', developer: DEVELOPERS[5]!.name, district: '渠县', presaleNo: '渠县预售字（2024）第009号', units: 264, soldUnits: 143, avgPrice: yuanPerM2(4860), status: '在售' },
  { project: '淙城雅居（演示）', developer: DEVELOPERS[6]!.name, district: '开江县', presaleNo: '开江预售字（2022）第006号', units: 198, soldUnits: 198, avgPrice: yuanPerM2(4620), status: '售罄' },
  { project: '巴山御景（演示）', developer: DEVELOPERS[7]!.name, district: '万源市', presaleNo: '万源预售字（2025）第004号', units: 216, soldUnits: 57, avgPrice: yuanPerM2(4580), status: '在售' },
];

export interface Filing {
  contractNo: string;
  project: string;
  building: string;
  room: string;
  area: string;
  price: string;
  filedAt: string;
  status: string;
}

/** The 备案 contracts of a project (up to 12 of its sold units), stable per project. */
function filingsOf(p: Project, index: number): Filing[] {
  const demo = new Demo(`real-estate|filings|${p.project}`);
  const base = Number(p.avgPrice.replace(/\D/g, ''));
  const year = Number(/（(\d{4})）/.exec(p.presaleNo)?.[1] ?? '2024');
  return Array.from({ length: Math.min(12, p.soldUnits) }, (_, i) => {
    const floor = demo.int(2, 30, 10 + i);
    const area = demo.int(7000, 14500, 20 + i) / 100;
    const filedYear = Math.min(year + demo.int(0, 1, 30 + i), 2026);
    return {
      contractNo: `YS${filedYear}${String(index + 1).padStart(2, '0')}${String(i + 1).padStart(4, '0')}`,
      project: p.project,
      building: `${demo.int(1, 12, 40 + i)}栋`,
      room: `${floor}0${demo.int(1, 4, 50 + i)}`,
      area: `${area.toFixed(2)}㎡`,
      price: yuanPerM2(base + demo.int(-400, 400, 60 + i)),
      filedAt: `${filedYear}-${String(demo.int(1, 12, 70 + i)).padStart(2, '0')}-${String(demo.int(1, 28, 80 + i)).padStart(2, '0')}`,
      status: demo.int(0, 19, 90 + i) === 0 ? '已注销备案' : '已备案',
    };
  });
}

/** Filings whose project name contains the keyword, or the one contract with that number. */
export function findFilings(keyword: string): Filing[] {
  const all = PROJECTS.flatMap((p, i) => filingsOf(p, i));
  const k = keyword.trim().toUpperCase();
  return all.filter((f) => f.contractNo === k || f.project.includes(k)).slice(0, 50);
}

export function findDevelopers(keyword: string | undefined): Developer[] {
  return keyword ? DEVELOPERS.filter((d) => d.name.includes(keyword) || d.creditCode === keyword.toUpperCase()) : [...DEVELOPERS];
}

export function findProjects(keyword: string | undefined): Project[] {
  return keyword ? PROJECTS.filter((p) => p.project.includes(keyword) || p.developer.includes(keyword) || p.district.includes(keyword) || p.presaleNo.includes(keyword)) : [...PROJECTS];
}
