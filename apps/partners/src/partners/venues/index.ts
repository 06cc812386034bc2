/**
 * 图书馆、文化馆场馆预约系统（模拟）: reading rooms and halls of the city's and counties' public
 * libraries and culture centres, booked for the login only (maxVisitors 1), through the shared
 * quota ledger. County venues whose real counterpart may differ end in （演示）.
 */
import { quotaModule } from '../quota/module.js';
import type { ResourceDef, SlotRule } from '../quota/ledger.js';

const slots = (weekday: number, weekend: number, times: [string, string][]): SlotRule[] => times.map(([start, end]) => ({ start, end, weekday, weekend }));

const LIBRARY_TIMES: [string, string][] = [['09:00', '11:00'], ['11:00', '13:00'], ['14:00', '16:00'], ['16:00', '18:00']];
const HALL_TIMES: [string, string][] = [['09:30', '11:00'], ['14:30', '16:00'], ['19:00', '20:30']];
const HOLIDAYS = ['01-01', '05-01', '10-01', '10-02', '10-03'];
/** 春节 varies by year; the sandbox shuts on the fixed 除夕 of the demo instead. */
const CLOSED_DATES = { '12-31': '年末闭馆整理' };

const LIBRARY_NOTICE = '实名预约，仅限本人使用；每人每天每馆限约一个时段；请凭身份证件或电子社保卡入馆，逾时15分钟未到座位自动释放。每周一闭馆（法定节假日除外）。';
const HALL_NOTICE = '实名预约公益展演与培训活动，仅限本人；每人每天每馆限约一场；请提前10分钟凭身份证件入场。每周一闭馆（法定节假日除外）。';

const venue = (id: string, name: string, kind: 'library' | 'culture-center' | 'museum', county: string, countyName: string, address: string, slotRules: SlotRule[]): ResourceDef => ({
  id,
  name,
  kind,
  county,
  countyName,
  // The system's own record of whose institution it is; the city's are named after the city.
  level: name.startsWith('达州市') ? 'city' : 'county',
  address,
  openHours: kind === 'library' ? '周二至周日 09:00–18:00' : kind === 'museum' ? '周二至周日 09:00–17:00' : '周二至周日 09:30–20:30',
  maxVisitors: 1,
  daysAhead: 7,
  notice: kind === 'library' ? LIBRARY_NOTICE : HALL_NOTICE,
  slots: slotRules,
  closedWeekdays: [1],
  closedWeekdayReason: '周一闭馆',
  closedDates: CLOSED_DATES,
  holidays: HOLIDAYS,
});

export const VENUE_RESOURCES: readonly ResourceDef[] = [
  venue('DZLIB', '达州市图书馆', 'library', '511702', '通川区', '达州市通川区朝阳东路（演示地址）', slots(60, 80, LIBRARY_TIMES)),
  venue('DZCC', '达州市文化馆', 'culture-center', '511702', '通川区', '达州市通川区通川北路（演示地址）', slots(40, 50, HALL_TIMES)),
  venue('DZMUS', '达州市博物馆（演示）', 'museum', '511703', '达川区', '达州市达川区翠屏街道达川大道（演示地址）', slots(50, 60, [['09:00', '11:00'], ['11:00', '13:00'], ['13:00', '15:00'], ['15:00', '17:00']])),
  venue('XHLIB', '宣汉县图书馆（演示）', 'library', '511722', '宣汉县', '达州市宣汉县东乡街道东环路（演示地址）', slots(30, 40, LIBRARY_TIMES)),
  venue('QXCC', '渠县文化馆（演示）', 'culture-center', '511725', '渠县', '达州市渠县渠江街道人民路（演示地址）', slots(20, 30, HALL_TIMES)),
  venue('WYLIB', '万源市图书馆（演示）', 'library', '511781', '万源市', '达州市万源市太平镇红旗路（演示地址）', slots(20, 30, LIBRARY_TIMES)),
];

export const venuesPartner = quotaModule({
  name: 'venues',
  title: '图书馆文化馆场馆预约系统（模拟）',
  owner: '达州市文化广电旅游局 · 公共文化服务（模拟）',
  description:
    '市、县公共图书馆阅览座位与文化馆活动场次的实名预约：每人每天每馆一个时段，仅限本人；图书馆每个时段2小时、20–60个座位，每周一闭馆（法定节假日除外）；时段开始前可取消。全部为演示数据，预约保存在内存中，重启即复位。',
  bookingPrefix: 'CG',
  resources: VENUE_RESOURCES,
});
