/**
 * The charging operator's demo stations (名称均带“（演示）”) over 达州's counties, and their live
 * connector status. Status is not stored: it is worked out from the connector and the current
 * 5-minute window, so every sandbox (and every test) sees the same status at the same instant and
 * the status moves on as time passes — busier in the day than at night, and a few connectors out
 * of order for a day at a time.
 */
import type { ChargingConnector, ChargingStation } from '@dz/partner-protocol';

/** Status is redrawn every 5 minutes (cars come and go). */
export const STATUS_WINDOW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export const COUNTY_NAMES: Readonly<Record<string, string>> = {
  '511702': '通川区',
  '511703': '达川区',
  '511722': '宣汉县',
  '511723': '开江县',
  '511724': '大竹县',
  '511725': '渠县',
  '511781': '万源市',
};
export const CITY_CODE = '511700';

const OPERATORS = {
  city: '达州市能源投资集团新能源公司（演示）',
  grid: '国网四川电动汽车服务达州分公司（演示）',
  private: '川东快充网络科技有限公司（演示）',
} as const;

type StationSeed = {
  name: string;
  address: string;
  county: keyof typeof COUNTY_NAMES;
  operator: keyof typeof OPERATORS;
  lat: number;
  lng: number;
  /** number of 快充 connectors and their power (kW) */
  fast: [number, 60 | 120];
  slow: number;
  /** 电费 and 服务费, 分/kWh */
  price: [number, number];
  openHours?: string;
  parking: string;
};

const FREE_2H = '充电期间前2小时免停车费，超时按停车场标准收费';
const FREE = '停车免费';
const MALL = '商场停车场，充电满20度减免2小时停车费';

const SEEDS: StationSeed[] = [
  // 通川区
  { name: '达州站西广场充电站（演示）', address: '达州市通川区西外镇站前路达州站西广场停车场', county: '511702', operator: 'grid', lat: 31.2178, lng: 107.4772, fast: [8, 120], slow: 4, price: [62, 60], parking: FREE_2H },
  { name: '朝阳东路充电站（演示）', address: '达州市通川区朝阳东路156号', county: '511702', operator: 'city', lat: 31.2142, lng: 107.5022, fast: [6, 60], slow: 4, price: [58, 55], parking: FREE_2H },
  { name: '莲湖公园充电站（演示）', address: '达州市通川区健康路莲湖公园东门停车场', county: '511702', operator: 'city', lat: 31.2188, lng: 107.5042, fast: [4, 60], slow: 6, price: [58, 50], openHours: '07:00-23:00', parking: FREE },
  { name: '凤凰大道充电站（演示）', address: '达州市通川区凤凰大道288号凤凰山公园南侧', county: '511702', operator: 'private', lat: 31.2236, lng: 107.5126, fast: [10, 120], slow: 0, price: [65, 70], parking: FREE },
  { name: '西外金龙大道充电站（演示）', address: '达州市通川区金龙大道西外商业广场负一楼', county: '511702', operator: 'private', lat: 31.2116, lng: 107.4806, fast: [6, 60], slow: 2, price: [60, 65], parking: MALL },
  { name: '通川北路充电站（演示）', address: '达州市通川区通川北路88号人民公园北停车场', county: '511702', operator: 'grid', lat: 31.2171, lng: 107.4950, fast: [4, 60], slow: 4, price: [62, 55], parking: FREE_2H },
  { name: '南外济民医院充电站（演示）', address: '达州市通川区南外镇南大街济民医院停车场', county: '511702', operator: 'city', lat: 31.1982, lng: 107.4972, fast: [2, 60], slow: 6, price: [58, 50], parking: '医院停车场，按医院停车标准收费' },
  // 达川区
  { name: '三里坪充电站（演示）', address: '达州市达川区三里坪街道翠屏路166号', county: '511703', operator: 'city', lat: 31.1962, lng: 107.5102, fast: [8, 120], slow: 4, price: [58, 60], parking: FREE_2H },
  { name: '长田坝公交枢纽充电站（演示）', address: '达州市达川区长田坝永兴路公交首末站旁', county: '511703', operator: 'grid', lat: 31.1834, lng: 107.5028, fast: [10, 120], slow: 2, price: [62, 55], parking: FREE },
  { name: '达川区政府充电站（演示）', address: '达州市达川区南外街道达川区人民政府西侧停车场', county: '511703', operator: 'grid', lat: 31.1931, lng: 107.5146, fast: [4, 60], slow: 4, price: [62, 50], openHours: '08:00-22:00', parking: FREE_2H },
  { name: '金南大道充电站（演示）', address: '达州市达川区金南大道399号', county: '511703', operator: 'private', lat: 31.1972, lng: 107.5014, fast: [6, 60], slow: 0, price: [60, 68], parking: FREE },
  { name: '达川汽车站充电站（演示）', address: '达州市达川区长田坝达川汽车站停车场', county: '511703', operator: 'city', lat: 31.1778, lng: 107.4981, fast: [6, 120], slow: 2, price: [58, 60], parking: FREE_2H },
  { name: '明月江路充电站（演示）', address: '达州市达川区明月江路滨江花园小区对面', county: '511703', operator: 'private', lat: 31.1913, lng: 107.5099, fast: [4, 60], slow: 4, price: [60, 62], parking: FREE },
  // 宣汉县
  { name: '宣汉县城东充电站（演示）', address: '达州市宣汉县东乡街道城东大道68号', county: '511722', operator: 'grid', lat: 31.3548, lng: 107.7352, fast: [6, 60], slow: 2, price: [62, 55], parking: FREE },
  { name: '宣汉客运中心充电站（演示）', address: '达州市宣汉县蜀宣大道宣汉客运中心停车场', county: '511722', operator: 'city', lat: 31.3487, lng: 107.7241, fast: [4, 120], slow: 2, price: [58, 60], parking: FREE_2H },
  { name: '宣汉县人民医院充电站（演示）', address: '达州市宣汉县东乡街道南坝路宣汉县人民医院停车场', county: '511722', operator: 'city', lat: 31.3522, lng: 107.7301, fast: [2, 60], slow: 4, price: [58, 50], parking: '医院停车场，按医院停车标准收费' },
  { name: '巴山大峡谷游客中心充电站（演示）', address: '达州市宣汉县渡口土家族乡巴山大峡谷游客中心', county: '511722', operator: 'private', lat: 31.6012, lng: 108.1205, fast: [4, 60], slow: 2, price: [68, 70], openHours: '08:00-20:00', parking: '景区停车场，按景区标准收费' },
  // 开江县
  { name: '开江县新宁充电站（演示）', address: '达州市开江县新宁镇新宁大道112号', county: '511723', operator: 'grid', lat: 31.0846, lng: 107.8702, fast: [4, 60], slow: 2, price: [62, 55], parking: FREE },
  { name: '宝石湖充电站（演示）', address: '达州市开江县宝石湖景区北门停车场', county: '511723', operator: 'private', lat: 31.1047, lng: 107.8925, fast: [4, 60], slow: 4, price: [66, 65], openHours: '07:00-22:00', parking: '景区停车场，充电车辆免停车费' },
  { name: '开江汽车站充电站（演示）', address: '达州市开江县淙城街道开江汽车站', county: '511723', operator: 'city', lat: 31.0811, lng: 107.8648, fast: [2, 120], slow: 2, price: [58, 60], parking: FREE_2H },
  // 大竹县
  { name: '大竹县竹阳充电站（演示）', address: '达州市大竹县竹阳街道白塔街200号', county: '511724', operator: 'grid', lat: 30.7402, lng: 107.2051, fast: [6, 60], slow: 2, price: [62, 55], parking: FREE },
  { name: '大竹东湖充电站（演示）', address: '达州市大竹县东湖街道东湖公园西停车场', county: '511724', operator: 'city', lat: 30.7389, lng: 107.2152, fast: [4, 60], slow: 4, price: [58, 50], parking: FREE_2H },
  { name: '大竹高速出口充电站（演示）', address: '达州市大竹县G42沪蓉高速大竹出口加油站旁', county: '511724', operator: 'private', lat: 30.7521, lng: 107.1933, fast: [8, 120], slow: 0, price: [65, 72], parking: FREE },
  { name: '大竹县人民医院充电站（演示）', address: '达州市大竹县竹阳街道北大街大竹县人民医院停车场', county: '511724', operator: 'city', lat: 30.7443, lng: 107.2087, fast: [2, 60], slow: 4, price: [58, 50], parking: '医院停车场，按医院停车标准收费' },
  // 渠县
  { name: '渠县渠江充电站（演示）', address: '达州市渠县渠江街道渠江大道126号', county: '511725', operator: 'grid', lat: 30.8382, lng: 106.9725, fast: [6, 60], slow: 2, price: [62, 55], parking: FREE },
  { name: '渠县客运中心充电站（演示）', address: '达州市渠县天星街道渠县客运中心停车场', county: '511725', operator: 'city', lat: 30.8451, lng: 106.9611, fast: [4, 120], slow: 2, price: [58, 60], parking: FREE_2H },
  { name: '賨人谷游客中心充电站（演示）', address: '达州市渠县龙潭乡賨人谷景区游客中心', county: '511725', operator: 'private', lat: 30.9105, lng: 107.0702, fast: [4, 60], slow: 2, price: [68, 70], openHours: '08:00-20:00', parking: '景区停车场，按景区标准收费' },
  { name: '渠县文峰充电站（演示）', address: '达州市渠县文峰街道文峰大道58号', county: '511725', operator: 'city', lat: 30.8346, lng: 106.9799, fast: [2, 60], slow: 4, price: [58, 50], parking: FREE_2H },
  // 万源市
  { name: '万源市太平充电站（演示）', address: '达州市万源市太平镇红旗路86号', county: '511781', operator: 'grid', lat: 32.0683, lng: 108.0379, fast: [4, 60], slow: 2, price: [62, 55], parking: FREE },
  { name: '八台山游客中心充电站（演示）', address: '达州市万源市八台镇八台山景区游客中心停车场', county: '511781', operator: 'private', lat: 32.0204, lng: 107.8612, fast: [4, 60], slow: 2, price: [68, 70], openHours: '08:00-20:00', parking: '景区停车场，按景区标准收费' },
  { name: '万源汽车站充电站（演示）', address: '达州市万源市古东关街道万源汽车站', county: '511781', operator: 'city', lat: 32.0752, lng: 108.0421, fast: [2, 120], slow: 2, price: [58, 60], parking: FREE_2H },
];

export interface StationInfo extends Omit<ChargingStation, 'connectors'> {
  connectors: Omit<ChargingConnector, 'status'>[];
}

/** The fixed catalogue: ids like CS511702-01, connectors like CS511702-01-F1 (快充) / -S1 (慢充). */
export const STATIONS: readonly StationInfo[] = (() => {
  const perCounty = new Map<string, number>();
  return SEEDS.map((s) => {
    const n = (perCounty.get(s.county) ?? 0) + 1;
    perCounty.set(s.county, n);
    const id = `CS${s.county}-${String(n).padStart(2, '0')}`;
    const connectors: Omit<ChargingConnector, 'status'>[] = [
      ...Array.from({ length: s.fast[0] }, (_, i) => ({ id: `${id}-F${i + 1}`, kind: 'fast' as const, powerKw: s.fast[1] })),
      ...Array.from({ length: s.slow }, (_, i) => ({ id: `${id}-S${i + 1}`, kind: 'slow' as const, powerKw: 7 })),
    ];
    return {
      id,
      name: s.name,
      address: s.address,
      county: s.county,
      operator: OPERATORS[s.operator],
      openHours: s.openHours ?? '00:00-24:00',
      lat: s.lat,
      lng: s.lng,
      priceFenPerKwh: s.price[0],
      serviceFeeFenPerKwh: s.price[1],
      parking: s.parking,
      connectors,
    };
  });
})();

/** FNV-1a, a stable 32-bit hash → [0, 1). */
function unit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche so keys that differ in their last characters spread over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

/**
 * A connector's status at `nowMs`: 故障 for about 4 % of connectors on a given day, otherwise 占用
 * with a probability that follows the hour (busy in the day, quiet at night), redrawn each window.
 */
export function connectorStatus(connectorId: string, nowMs: number): ChargingConnector['status'] {
  const local = nowMs + BEIJING_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  if (unit(`${connectorId}|fault|${day}`) < 0.04) return 'fault';
  const hour = Math.floor((local % DAY_MS) / 3_600_000);
  const busy = hour >= 8 && hour < 22 ? 0.55 : 0.2;
  return unit(`${connectorId}|${Math.floor(nowMs / STATUS_WINDOW_MS)}`) < busy ? 'busy' : 'free';
}

/** Stations of a county (511700: all), optionally matching `q` in name or address, with live status. */
export function stationsAt(county: string, q: string | undefined, nowMs: number): ChargingStation[] {
  const needle = q?.toLowerCase();
  return STATIONS.filter((s) => (county === CITY_CODE || s.county === county) && (!needle || s.name.toLowerCase().includes(needle) || s.address.toLowerCase().includes(needle))).map(
    (s) => ({ ...s, connectors: s.connectors.map((c) => ({ ...c, status: connectorStatus(c.id, nowMs) })) }),
  );
}
