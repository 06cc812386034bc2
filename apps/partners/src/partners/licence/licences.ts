/**
 * What the 电子证照共享 platform holds for a person or a company. Each licence comes from its
 * issuing system's data in this sandbox, so they agree: 不动产权证书 are the registry's own houses
 * (real-estate/registry.ts, including a test's pinned household and its 注销), the 公积金账户卡
 * exists when the centre has an account (housing-fund/account.ts); the rest is derived from the
 * ID number (or credit code) like every demo answer.
 */
import type { LicenceRecord, LicenceType } from '@dz/partner-protocol';
import { RESIDENTS } from '../../demo/residents.js';
import { Demo, DISTRICTS, beijingDay, districtOfId } from '../bureau/demo.js';
import { fundOf } from '../housing-fund/account.js';
import { registryOf } from '../real-estate/certificates.js';
import { DEMO_CITIZEN_ID } from '../real-estate/registry.js';
import type { PartnerContext } from '../types.js';

type Draft = Omit<LicenceRecord, 'status'>;
const Surface = (pairs: [key: string, label: string, value: string][]) => pairs.map(([key, label, value]) => ({ key, label, value }));

const dot = (day: string) => day.replace(/-/g, '.');
const chineseDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const addYears = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;

/** The 公安 office that issues a 身份证 for the district of the ID number. */
function idIssuer(idNumber: string): string {
  const name = districtOfId(idNumber);
  return name.endsWith('区') ? `达州市公安局${name}分局` : `${name}公安局`;
}

function idCard(idNumber: string, name: string, demo: Demo, today: string): Draft {
  const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  const thisYear = Number(today.slice(0, 4));
  let issuedOn: string;
  let years: number | null;
  if (idNumber === DEMO_CITIZEN_ID) {
    issuedOn = '2016-05-12';
    years = 20;
  } else {
    // GB/T 居民身份证 validity by age when issued: under 16 five years, 16–25 ten, 26–45 twenty, 46+ 长期.
    const age = thisYear - 1 - Number(birth.slice(0, 4));
    years = age < 16 ? 5 : age < 26 ? 10 : age < 46 ? 20 : null;
    const back = demo.int(1, Math.min(9, (years ?? 10) - 1), 1);
    issuedOn = `${thisYear - back}-${String(demo.int(1, 12, 2)).padStart(2, '0')}-${String(demo.int(1, 28, 3)).padStart(2, '0')}`;
  }
  const validUntil = years === null ? null : addYears(issuedOn, years);
  const address = idNumber === DEMO_CITIZEN_ID ? '四川省达州市通川区朝阳中路168号3栋2单元1202号' : `四川省${demo.address(4, districtOfId(idNumber))}`;
  return {
    licenceNo: idNumber,
    type: 'id-card',
    title: '居民身份证',
    holderName: name,
    holderIdNumber: idNumber,
    creditCode: null,
    issuer: idIssuer(idNumber),
    issuedOn,
    validUntil,
    surface: Surface([
      ['name', '姓名', name],
      ['sex', '性别', Number(idNumber[16]) % 2 === 1 ? '男' : '女'],
      ['ethnicity', '民族', '汉'],
      ['birth', '出生', chineseDate(birth)],
      ['address', '住址', address],
      ['idNumber', '公民身份号码', idNumber],
      ['issuer', '签发机关', idIssuer(idNumber)],
      ['validity', '有效期限', `${dot(issuedOn)}-${validUntil ? dot(validUntil) : '长期'}`],
    ]),
  };
}

function socialCard(idNumber: string, name: string, demo: Demo, today: string): Draft {
  const cardNo = idNumber === DEMO_CITIZEN_ID ? 'D12876543' : `${demo.pick(['A', 'B', 'C', 'D', 'E', 'F'], 10)}${demo.digits(8, 11)}`;
  // Cards are valid 10 years and re-issued before: a card in use was issued in the last nine.
  const thisYear = Number(today.slice(0, 4));
  const issuedOn = idNumber === DEMO_CITIZEN_ID ? '2019-03-18' : demo.date(thisYear - 9, thisYear - 1, 12);
  const bank = idNumber === DEMO_CITIZEN_ID ? '中国建设银行' : demo.pick(['中国建设银行', '中国工商银行', '中国农业银行', '中国银行', '四川农信'], 13);
  return {
    licenceNo: cardNo,
    type: 'social-card',
    title: '社会保障卡',
    holderName: name,
    holderIdNumber: idNumber,
    creditCode: null,
    issuer: '达州市人力资源和社会保障局',
    issuedOn,
    validUntil: addYears(issuedOn, 10),
    surface: Surface([
      ['name', '姓名', name],
      ['idNumber', '社会保障号码', idNumber],
      ['cardNo', '社会保障卡号', cardNo],
      ['bank', '金融服务银行', bank],
      ['issuedOn', '发卡日期', issuedOn],
      ['validUntil', '有效期至', addYears(issuedOn, 10)],
    ]),
  };
}

/** 驾驶证: 6 years from the first issue, then 10, then 长期 (道路交通安全法实施条例). */
function drivingLicence(idNumber: string, name: string, demo: Demo, today: string): Draft {
  const birthYear = Number(idNumber.slice(6, 10));
  const firstIssued = idNumber === DEMO_CITIZEN_ID ? '2012-08-20' : `${demo.int(Math.max(birthYear + 18, 1995), Number(today.slice(0, 4)) - 1, 20)}-${String(demo.int(1, 12, 21)).padStart(2, '0')}-${String(demo.int(1, 28, 22)).padStart(2, '0')}`;
  let from = firstIssued;
  let years: number | null = 6;
  while (years !== null && addYears(from, years) <= today) {
    from = addYears(from, years);
    years = years === 6 ? 10 : null;
  }
  const validUntil = years === null ? null : addYears(from, years);
  const cls = idNumber === DEMO_CITIZEN_ID ? 'C1' : demo.pick(['C1', 'C1', 'C1', 'C2', 'B2', 'A2'], 23);
  return {
    licenceNo: idNumber,
    type: 'driving-licence',
    title: '机动车驾驶证',
    holderName: name,
    holderIdNumber: idNumber,
    creditCode: null,
    issuer: '四川省达州市公安局交通警察支队',
    issuedOn: from,
    validUntil,
    surface: Surface([
      ['name', '姓名', name],
      ['licenceNo', '证号', idNumber],
      ['class', '准驾车型', cls],
      ['firstIssued', '初次领证日期', firstIssued],
      ['validity', '有效期限', `${from}至${validUntil ?? '长期'}`],
    ]),
  };
}

const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

function vehicleLicence(idNumber: string, name: string, demo: Demo): Draft {
  const plate =
    idNumber === DEMO_CITIZEN_ID ? '川S·A8M26' : `川S·${demo.pick('ABCDEFGHJK'.split(''), 30)}${Array.from({ length: 4 }, (_, i) => PLATE_CHARS[demo.int(0, PLATE_CHARS.length - 1, 31 + i)]).join('')}`;
  const registeredOn = idNumber === DEMO_CITIZEN_ID ? '2021-10-09' : demo.date(2012, 2025, 40);
  const vin = `LS5A3${Array.from({ length: 12 }, (_, i) => VIN_CHARS[demo.int(0, VIN_CHARS.length - 1, 50 + i)]).join('')}`;
  const model = idNumber === DEMO_CITIZEN_ID ? '长安牌SC7164CAA6' : demo.pick(['长安牌SC7164CAA6', '吉利牌MR7153D01', '比亚迪牌BYD7005BEV', '五菱牌LZW6446'], 41);
  return {
    licenceNo: plate,
    type: 'vehicle-licence',
    title: '机动车行驶证',
    holderName: name,
    holderIdNumber: idNumber,
    creditCode: null,
    issuer: '四川省达州市公安局交通警察支队',
    issuedOn: registeredOn,
    validUntil: null,
    surface: Surface([
      ['plate', '号牌号码', plate],
      ['vehicleType', '车辆类型', model.includes('LZW') ? '小型普通客车' : '小型轿车'],
      ['owner', '所有人', name],
      ['useCharacter', '使用性质', '非营运'],
      ['model', '品牌型号', model],
      ['vin', '车辆识别代号', vin],
      ['engineNo', '发动机号码', `${demo.pick(['JL', 'EA', 'BYD', 'H'], 60)}${demo.digits(6, 61)}`],
      ['registeredOn', '注册日期', registeredOn],
    ]),
  };
}

function propertyCerts(ctx: PartnerContext, idNumber: string, name: string): Draft[] {
  const self = registryOf(ctx).household(idNumber).find((p) => p.relation === 'self');
  if (!self) return [];
  // The registry may know the person under another name than the one asked (a generated one).
  const owner = (o: string) => (o === self.name ? name : o);
  return self.houses.map((h) => ({
    licenceNo: h.certNo,
    type: 'property-cert' as const,
    title: '不动产权证书',
    holderName: name,
    holderIdNumber: idNumber,
    creditCode: null,
    issuer: '达州市不动产登记中心',
    issuedOn: h.registeredAt,
    validUntil: null,
    surface: Surface([
      ['certNo', '不动产权证号', h.certNo],
      ['owners', '权利人', h.owners.map(owner).join('、')],
      ['ownership', '共有情况', h.ownership],
      ['location', '坐落', h.location],
      ['unitNo', '不动产单元号', h.unitNo],
      ['rightType', '权利类型', '国有建设用地使用权/房屋所有权'],
      ['usage', '用途', `${h.usage === '商业' ? '商服用地' : '城镇住宅用地'}/${h.usage}`],
      ['area', '面积', `建筑面积${h.buildingArea.toFixed(2)}㎡（套内${h.interiorArea.toFixed(2)}㎡）`],
      ['registeredAt', '登簿日期', h.registeredAt],
    ]),
  }));
}

const FUND_STATUS = { normal: '正常缴存', sealed: '封存', closed: '销户' } as const;

function fundCard(ctx: PartnerContext, idNumber: string, name: string): Draft[] {
  const a = fundOf(ctx).opened(idNumber);
  if (!a || a.status === 'closed') return [];
  return [
    {
      licenceNo: a.accountNo,
      type: 'housing-fund-card',
      title: '住房公积金账户卡',
      holderName: name,
      holderIdNumber: idNumber,
      creditCode: null,
      issuer: '达州市住房公积金管理中心',
      issuedOn: a.openedOn,
      validUntil: null,
      surface: Surface([
        ['name', '姓名', name],
        ['accountNo', '个人公积金账号', a.accountNo],
        ['employer', '缴存单位', a.employer],
        ['status', '账户状态', FUND_STATUS[a.status]],
        ['openedOn', '开户日期', a.openedOn],
      ]),
    },
  ];
}

/** Everything issued to the person, in the wallet's order; [] when the name does not match the 人口库's. */
export function personLicences(ctx: PartnerContext, idNumber: string, name: string): Draft[] {
  const roster = RESIDENTS.find((r) => r.idNumber === idNumber);
  if (roster && roster.name !== name) return [];
  const demo = new Demo(`licence|${idNumber}`);
  const today = beijingDay(ctx.now());
  const adult = Number(today.slice(0, 4)) - Number(idNumber.slice(6, 10)) >= 18;
  const drives = adult && (idNumber === DEMO_CITIZEN_ID || demo.int(0, 9, 70) < 6);
  const ownsCar = drives && (idNumber === DEMO_CITIZEN_ID || demo.int(0, 1, 71) === 1);
  return [
    idCard(idNumber, name, demo, today),
    ...(adult || demo.int(0, 1, 72) === 1 ? [socialCard(idNumber, name, demo, today)] : []),
    ...(drives ? [drivingLicence(idNumber, name, demo, today)] : []),
    ...(ownsCar ? [vehicleLicence(idNumber, name, demo)] : []),
    ...propertyCerts(ctx, idNumber, name),
    ...fundCard(ctx, idNumber, name),
  ];
}

const ROSTER_COMPANIES = RESIDENTS.flatMap((r) => (r.company ? [{ ...r.company, legalRep: r.name }] : []));
const TRADES = ['批发和零售业', '建筑业', '软件和信息技术服务业', '餐饮业', '道路运输业'];

/** The company's 营业执照; [] when the name does not match the register's. */
export function companyLicences(creditCode: string, name: string): Draft[] {
  const known = ROSTER_COMPANIES.find((c) => c.creditCode === creditCode);
  if (known && known.name !== name) return [];
  const demo = new Demo(`licence|${creditCode}`);
  const district = DISTRICTS.find((d) => d.code === creditCode.slice(2, 8))?.name ?? '通川区';
  const founded = creditCode === '91511702MA6A0D1766' ? '2018-03-16' : demo.date(2008, 2024, 1);
  const legalRep = known?.legalRep ?? `${demo.pick(['王', '李', '刘', '陈', '杨'], 2)}${demo.pick(['建国', '志强', '丽', '敏', '勇'], 3)}`;
  const trade = creditCode === '91511702MA6A0D1766' ? '批发和零售业' : demo.pick(TRADES, 4);
  const issuer = `达州市${district}市场监督管理局`;
  return [
    {
      licenceNo: creditCode,
      type: 'business-licence',
      title: '营业执照',
      holderName: name,
      holderIdNumber: null,
      creditCode,
      issuer,
      issuedOn: founded,
      validUntil: null,
      surface: Surface([
        ['creditCode', '统一社会信用代码', creditCode],
        ['name', '名称', name],
        ['type', '类型', '有限责任公司（自然人投资或控股）'],
        ['legalRep', '法定代表人', legalRep],
        ['capital', '注册资本', `${creditCode === '91511702MA6A0D1766' ? 500 : demo.int(10, 2000, 5)}万元人民币`],
        ['founded', '成立日期', founded],
        ['address', '住所', known ? '四川省达州市通川区朝阳东路88号' : `四川省${demo.address(6, district)}`],
        ['scope', '经营范围', trade === '批发和零售业' ? '日用百货、五金交电、电子产品的批发与零售；食品销售（依法须经批准的项目，经相关部门批准后方可开展经营活动）' : `${trade}相关经营活动（依法须经批准的项目，经相关部门批准后方可开展经营活动）`],
      ]),
    },
  ];
}

export const TYPE_TITLES: Record<LicenceType, string> = {
  'id-card': '居民身份证',
  'social-card': '社会保障卡',
  'driving-licence': '机动车驾驶证',
  'vehicle-licence': '机动车行驶证',
  'business-licence': '营业执照',
  'property-cert': '不动产权证书',
  'housing-fund-card': '住房公积金账户卡',
};
