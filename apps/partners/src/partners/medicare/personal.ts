/**
 * A person's 医保 records in the sandbox (参保信息, 个人账户, 异地就医备案 and 结算), derived from the
 * ID number alone so every query about the same person tells the same story: the 异地 settlements
 * happen where the person filed to be treated, the balance follows the 划入 and 支出.
 */
import { beijingDay, Demo, districtOfId, maskId, maskName } from '../bureau/demo.js';

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Where the demo people file to be treated away from 达州 (a city, a hospital there). */
const DESTINATIONS: [string, string][] = [
  ['四川省成都市', '成都市武侯区人民医院（模拟）'],
  ['重庆市', '重庆市渝中区人民医院（模拟）'],
  ['陕西省西安市', '西安市雁塔区人民医院（模拟）'],
  ['广东省广州市', '广州市天河区人民医院（模拟）'],
  ['浙江省杭州市', '杭州市西湖区人民医院（模拟）'],
];
const FILING_TYPES = ['异地长期居住', '常驻异地工作', '异地转诊就医', '临时外出就医'];
const LOCAL_PLACES = ['达州市中心医院（模拟）', '达州市中西医结合医院（模拟）', '康源大药房（朝阳东路店·模拟）', '济民药店（凤凰大道店·模拟）', '通川区社区卫生服务中心（模拟）'];

interface Person {
  demo: Demo;
  employee: boolean;
  insurance: string;
  since: string;
  place: string;
  employer: string;
}

function person(idNumber: string): Person {
  const demo = new Demo(`medicare|person|${idNumber}`);
  const employee = demo.int(0, 3, 1) > 0;
  return {
    demo,
    employee,
    insurance: employee ? '职工基本医疗保险' : '城乡居民基本医疗保险',
    since: demo.date(2005, 2020, 2),
    place: `达州市${districtOfId(idNumber)}`,
    employer: employee ? demo.company(5) : '城乡居民（以个人身份参保）',
  };
}

/** The Beijing calendar year of an instant. */
const yearOf = (ms: number) => Number(beijingDay(ms).slice(0, 4));

export function insuredInfo(idNumber: string, name: string | undefined): Record<string, unknown> {
  const p = person(idNumber);
  return {
    ...(name ? { name: maskName(name) } : {}),
    idNumber: maskId(idNumber),
    insurance: p.insurance,
    status: '参保缴费',
    place: p.place,
    since: p.since,
    employer: p.employer,
    personType: p.employee ? p.demo.pick(['在职职工', '灵活就业人员'], 7) : p.demo.pick(['城乡居民', '学生儿童'], 7),
  };
}

/**
 * The 个人账户: this year's 划入 (monthly, so far) and 支出 (the recent payments), and the balance
 * carried over plus the difference. Amounts in 元 with two decimals.
 */
export function accountBalance(idNumber: string, now: number): Record<string, unknown> {
  const p = person(idNumber);
  const today = beijingDay(now);
  const month = Number(today.slice(5, 7));
  const monthlyIn = p.employee ? p.demo.int(8000, 26000, 11) : p.demo.int(0, 2000, 11);
  const transactions = Array.from({ length: 5 }, (_, i) => {
    const date = beijingDay(now - (i * 9 + 1) * 86_400_000);
    const fen = p.demo.int(1200, 18000, 20 + i);
    const place = p.demo.pick(LOCAL_PLACES, 30 + i);
    return { date, place, type: /药房|药店/.test(place) ? '药店购药' : '门诊缴费', amount: yuan(fen), fen };
  });
  // A January payment of the days before may fall in last year: only this year's count as 本年支出.
  const yearOutFen = transactions.filter((t) => t.date.startsWith(today.slice(0, 4))).reduce((sum, t) => sum + t.fen, 0);
  const yearInFen = monthlyIn * month;
  const carried = p.demo.int(30000, 480000, 12);
  return {
    accountNo: `YB${idNumber.slice(0, 6)}${p.demo.digits(8, 13)}`,
    balance: yuan(carried + yearInFen - yearOutFen),
    yearIn: yuan(yearInFen),
    yearOut: yuan(yearOutFen),
    asOf: today,
    status: '正常',
    recent: transactions.map((t) => `${t.date} ${t.place} ${t.type} ${t.amount}元`).join('；'),
    transactions: transactions.map(({ fen: _fen, ...t }) => t),
  };
}

/**
 * The person's filings: the valid one (长期居住 or 常驻工作, since last year, 长期有效) and, for some,
 * an earlier 临时外出 / 转诊 filing of six months that has expired.
 */
export function offsiteFilings(idNumber: string, now: number): Record<string, unknown>[] {
  const p = person(idNumber);
  const year = yearOf(now);
  const month = (salt: number) => String(p.demo.int(1, 12, salt)).padStart(2, '0');
  const valid = { from: `${year - 1}-${month(42)}-01`, type: FILING_TYPES[p.demo.int(0, 1, 43)]!, to: '长期有效', status: '备案有效' };
  const earlierFrom = `${year - 3}-${month(45)}-01`;
  const earlier = { from: earlierFrom, type: FILING_TYPES[p.demo.int(2, 3, 46)]!, to: `${year - 3 + (Number(earlierFrom.slice(5, 7)) > 6 ? 1 : 0)}-${String(((Number(earlierFrom.slice(5, 7)) + 5) % 12) + 1).padStart(2, '0')}-01`, status: '已过期' };
  const filings = p.demo.int(0, 1, 40) === 1 ? [valid, earlier] : [valid];
  return filings.map((f, i) => ({
    filingNo: `BA${f.from.replace(/-/g, '')}${p.demo.digits(6, 44 + i)}`,
    type: f.type,
    destination: destination(p, i)[0],
    validFrom: f.from,
    validTo: f.to,
    status: f.status,
  }));
}

/** The place of the person's n-th filing (0: the valid one, where the settlements are). */
const destination = (p: Person, n: number) => DESTINATIONS[(p.demo.int(0, DESTINATIONS.length - 1, 41) + n) % DESTINATIONS.length]!;

/** The 异地 visits of the year (this year by default), settled where the person filed. */
export function offsiteSettlements(idNumber: string, year: string | undefined, now: number): Record<string, unknown>[] {
  const p = person(idNumber);
  const y = year ?? String(yearOf(now));
  if (Number(y) > yearOf(now)) return [];
  const [area, hospital] = destination(p, 0);
  // This year's visits end today; the valid filing dates from last year, so earlier years have none.
  if (Number(y) < yearOf(now) - 1) return [];
  const today = beijingDay(now);
  const thisYear = Number(y) === yearOf(now);
  const lastMonth = thisYear ? Number(today.slice(5, 7)) : 12;
  const count = Math.min(lastMonth, p.demo.int(3, 6, 50 + (Number(y) % 10)));
  return Array.from({ length: count }, (_, i) => {
    const inpatient = p.demo.int(0, 4, 60 + i) === 0;
    const total = inpatient ? p.demo.int(500_000, 3_000_000, 70 + i) : p.demo.int(8_000, 90_000, 70 + i);
    // 统筹 pays a share of an inpatient stay; a 门诊 visit is paid from the 个人账户 first.
    const fund = inpatient ? Math.round(total * 0.7) : Math.round(total * 0.5);
    const account = Math.min(total - fund, p.demo.int(0, 30_000, 80 + i));
    const month = lastMonth - Math.floor((i * lastMonth) / count);
    return {
      date: `${y}-${String(month).padStart(2, '0')}-${String(p.demo.int(1, thisYear && month === lastMonth ? Math.min(28, Number(today.slice(8, 10))) : 28, 90 + i)).padStart(2, '0')}`,
      hospital,
      area,
      visit: inpatient ? '住院' : '普通门诊',
      total: yuan(total),
      fund: yuan(fund),
      account: yuan(account),
      cash: yuan(total - fund - account),
      status: '已直接结算',
    };
  });
}
