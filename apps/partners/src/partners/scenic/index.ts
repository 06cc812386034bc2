/**
 * 文旅预约平台（模拟）of the 达州市文化广电旅游局: the A级 scenic spots of the six DOMAIN.md names
 * take timed-entry bookings (分时预约) through the shared quota ledger. Spots, counties and bands
 * are plausible; capacities and addresses are demo figures.
 */
import { quotaModule } from '../quota/module.js';
import type { ResourceDef, SlotRule } from '../quota/ledger.js';

/** Four two-hour entry bands; a weekend or holiday admits about 1.6 times a weekday. */
function bands(weekday: number): SlotRule[] {
  const weekend = Math.round((weekday * 1.6) / 10) * 10;
  return [
    { start: '08:30', end: '10:30', weekday, weekend },
    { start: '10:30', end: '12:30', weekday, weekend },
    { start: '12:30', end: '14:30', weekday: Math.round(weekday * 0.8), weekend: Math.round(weekend * 0.8) },
    { start: '14:30', end: '16:30', weekday: Math.round(weekday * 0.6), weekend: Math.round(weekend * 0.6) },
  ];
}

/** 法定节假日 the platform counts as weekends (元旦, 劳动节, 国庆). */
const HOLIDAYS = ['01-01', '05-01', '05-02', '05-03', '05-04', '05-05', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'];

const NOTICE = '实行实名分时预约，每人每天限约一次，每次最多5人；请携带预约时登记的身份证件，在所约时段内入园；如不能前往请在时段开始前取消。';

const spot = (id: string, name: string, county: string, countyName: string, address: string, weekday: number, daysAhead = 7): ResourceDef => ({
  id,
  name,
  kind: 'spot',
  county,
  countyName,
  level: 'county',
  address,
  openHours: '08:30–16:30 入园（最晚入园16:30）',
  maxVisitors: 5,
  daysAhead,
  notice: NOTICE,
  slots: bands(weekday),
  closedWeekdays: [],
  closedWeekdayReason: '',
  closedDates: { '12-31': '年末设施检修，当日闭园' },
  holidays: HOLIDAYS,
});

export const SCENIC_RESOURCES: readonly ResourceDef[] = [
  spot('BSDXG', '巴山大峡谷', '511722', '宣汉县', '达州市宣汉县渡口土家族乡（演示地址）', 500, 14),
  spot('BTS', '八台山', '511781', '万源市', '达州市万源市八台镇（演示地址）', 400),
  spot('ZFS', '真佛山', '511703', '达川区', '达州市达川区福善镇（演示地址）', 300),
  spot('CRG', '賨人谷', '511725', '渠县', '达州市渠县龙潭乡（演示地址）', 300),
  spot('LHH', '莲花湖', '511702', '通川区', '达州市通川区金龙大道（演示地址）', 200),
  spot('FHS', '凤凰山', '511702', '通川区', '达州市通川区凤凰大道（演示地址）', 200),
];

export const scenicPartner = quotaModule({
  name: 'scenic',
  title: '文旅预约平台（模拟）',
  owner: '达州市文化广电旅游局（模拟）',
  description:
    '全市A级景区的实名分时预约：巴山大峡谷、八台山、真佛山、賨人谷、莲花湖、凤凰山，每天4个入园时段（08:30–16:30），工作日与周末、节假日容量不同；每个身份证件每天每个景区限约一次，每次最多5人；时段开始前可取消。全部为演示数据，预约保存在内存中，重启即复位。',
  bookingPrefix: 'WL',
  resources: SCENIC_RESOURCES,
});
