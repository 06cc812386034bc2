/**
 * The centre's 服务网点 (市本级 and one or two per county, near the real town centres) and its
 * 合作楼盘 (demo estates whose buyers may take a 公积金贷款 with the banks listed).
 */
import type { HousingFundEstateRow, HousingFundServicePointRow } from '@dz/partner-protocol';
import { DEVELOPERS, PROJECTS } from '../real-estate/market.js';

const HOURS = '工作日 9:00-12:00 14:00-17:30（法定节假日除外）';

export const SERVICE_POINTS: readonly (HousingFundServicePointRow & { countyCode: string })[] = [
  { countyCode: '511700', name: '达州市住房公积金管理中心服务大厅（演示）', county: '市本级', address: '达州市通川区西外大道达州市政务服务中心一楼', phone: '0818-12329', hours: HOURS, lat: 31.2236, lng: 107.4752 },
  { countyCode: '511702', name: '通川区管理部（演示）', county: '通川区', address: '达州市通川区朝阳中路126号', phone: '0818-2122329', hours: HOURS, lat: 31.2148, lng: 107.5021 },
  { countyCode: '511702', name: '通川区北外服务网点（演示）', county: '通川区', address: '达州市通川区华蜀北路56号', phone: '0818-2552329', hours: '工作日 9:00-12:00 14:00-17:00', lat: 31.2365, lng: 107.5098 },
  { countyCode: '511703', name: '达川区管理部（演示）', county: '达川区', address: '达州市达川区南外大道168号', phone: '0818-2612329', hours: HOURS, lat: 31.1963, lng: 107.5112 },
  { countyCode: '511703', name: '达川区三里坪服务网点（演示）', county: '达川区', address: '达州市达川区三里坪街道长田坝路21号', phone: '0818-2682329', hours: '工作日 9:00-12:00 14:00-17:00', lat: 31.1857, lng: 107.5286 },
  { countyCode: '511722', name: '宣汉县管理部（演示）', county: '宣汉县', address: '达州市宣汉县东乡街道东环路99号', phone: '0818-5212329', hours: HOURS, lat: 31.3551, lng: 107.7283 },
  { countyCode: '511723', name: '开江县管理部（演示）', county: '开江县', address: '达州市开江县新宁镇淙城大道45号', phone: '0818-8212329', hours: HOURS, lat: 31.0838, lng: 107.8689 },
  { countyCode: '511724', name: '大竹县管理部（演示）', county: '大竹县', address: '达州市大竹县竹阳街道白塔街77号', phone: '0818-6212329', hours: HOURS, lat: 30.7362, lng: 107.2047 },
  { countyCode: '511725', name: '渠县管理部（演示）', county: '渠县', address: '达州市渠县渠江街道人民路188号', phone: '0818-7212329', hours: HOURS, lat: 30.8363, lng: 106.9731 },
  { countyCode: '511725', name: '渠县天星服务网点（演示）', county: '渠县', address: '达州市渠县天星街道渠州大道302号', phone: '0818-7262329', hours: '工作日 9:00-12:00 14:00-17:00', lat: 30.8452, lng: 106.9589 },
  { countyCode: '511781', name: '万源市管理部（演示）', county: '万源市', address: '达州市万源市太平镇红旗路36号', phone: '0818-8612329', hours: HOURS, lat: 32.0687, lng: 108.0372 },
];

/** county absent or 511700 (the whole city): every point; a county code: that county's. */
export function servicePoints(county: string | undefined): HousingFundServicePointRow[] {
  const list = county && county !== '511700' ? SERVICE_POINTS.filter((p) => p.countyCode === county) : SERVICE_POINTS;
  return list.map(({ countyCode: _code, ...row }) => row);
}

const developerOf = (project: string) => PROJECTS.find((p) => p.project === project)?.developer ?? DEVELOPERS[0]!.name;

/** The 11 projects of the registry's demo market plus four older estates, all 公积金-loan partners. */
export const PARTNER_ESTATES: readonly HousingFundEstateRow[] = [
  { name: '凤凰府（演示）', developer: developerOf('凤凰府（演示）'), district: '通川区', address: '达州市通川区凤凰大道288号', banks: '中国建设银行、中国工商银行', lat: 31.2281, lng: 107.4932 },
  { name: '朝阳里（演示）', developer: developerOf('朝阳里（演示）'), district: '通川区', address: '达州市通川区朝阳东路66号', banks: '中国建设银行、达州银行', lat: 31.2117, lng: 107.5078 },
  { name: '南外壹号（演示）', developer: developerOf('南外壹号（演示）'), district: '达川区', address: '达州市达川区南外大道301号', banks: '中国农业银行、中国银行', lat: 31.1921, lng: 107.5153 },
  { name: '三里坪滨江苑（演示）', developer: developerOf('三里坪滨江苑（演示）'), district: '达川区', address: '达州市达川区三里坪街道长田坝路156号', banks: '中国建设银行、四川银行', lat: 31.1812, lng: 107.5327 },
  { name: '明月江畔（演示）', developer: developerOf('明月江畔（演示）'), district: '通川区', address: '达州市通川区西外大道520号', banks: '中国工商银行、中国邮政储蓄银行', lat: 31.2304, lng: 107.4668 },
  { name: '西外新城（演示）', developer: developerOf('西外新城（演示）'), district: '通川区', address: '达州市通川区西外大道688号', banks: '中国建设银行', lat: 31.2342, lng: 107.4611 },
  { name: '东乡华府（演示）', developer: developerOf('东乡华府（演示）'), district: '宣汉县', address: '达州市宣汉县东乡街道东环路212号', banks: '中国农业银行、达州银行', lat: 31.3579, lng: 107.7326 },
  { name: '东湖湾（演示）', developer: developerOf('东湖湾（演示）'), district: '大竹县', address: '达州市大竹县竹阳街道东湖大道166号', banks: '中国建设银行、中国农业银行', lat: 30.7405, lng: 107.2113 },
  { name: '宕渠名苑（演示）', developer: developerOf('宕渠名苑（演示）'), district: '渠县', address: '达州市渠县天星街道渠州大道118号', banks: '中国工商银行、四川银行', lat: 30.8418, lng: 106.9623 },
  { name: '淙城雅居（演示）', developer: developerOf('淙城雅居（演示）'), district: '开江县', address: '达州市开江县新宁镇新华街88号', banks: '中国农业银行', lat: 31.0861, lng: 107.8642 },
  { name: '巴山御景（演示）', developer: developerOf('巴山御景（演示）'), district: '万源市', address: '达州市万源市古东关街道万源大道66号', banks: '中国建设银行、中国邮政储蓄银行', lat: 32.0712, lng: 108.0403 },
  { name: '莲湖花园（演示）', developer: DEVELOPERS[0]!.name, district: '通川区', address: '达州市通川区通川中路18号', banks: '中国建设银行', lat: 31.2126, lng: 107.4977 },
  { name: '翠屏山居（演示）', developer: DEVELOPERS[1]!.name, district: '达川区', address: '达州市达川区翠屏路39号', banks: '中国银行、达州银行', lat: 31.1998, lng: 107.5062 },
  { name: '金龙湾（演示）', developer: DEVELOPERS[2]!.name, district: '通川区', address: '达州市通川区金龙大道210号', banks: '中国工商银行', lat: 31.2402, lng: 107.5151 },
  { name: '州河名都（演示）', developer: DEVELOPERS[1]!.name, district: '通川区', address: '达州市通川区华蜀北路128号', banks: '中国农业银行、四川银行', lat: 31.2376, lng: 107.5052 },
];

export function partnerEstates(keyword: string | undefined): HousingFundEstateRow[] {
  return keyword ? PARTNER_ESTATES.filter((e) => e.name.includes(keyword) || e.district.includes(keyword) || e.developer.includes(keyword) || e.address.includes(keyword)) : [...PARTNER_ESTATES];
}
