/**
 * 达州市交通运输局 道路运输管理系统（模拟）: the 公共交通 zone's 我要查 (客运班线, 货运业户, 客运 /
 * 普货 / 出租车辆, 企业与驾驶员记分, 高速阻断, 检测记录, 行政处罚 / 许可) and its 承诺件 (道路运输证
 * 年审, 从业资格证补证). Records in registry.ts; private persons' names masked, no ID number returned.
 */
import type { BureauCaseSubmit } from '@dz/partner-protocol';
import type { BureauSpec, Input } from '../bureau/module.js';
import { beijingDay, maskId, maskName, type Demo } from '../bureau/demo.js';
import {
  CLOSURES,
  COMPANIES,
  INDIVIDUAL_OPERATORS,
  PASSENGER_LINES,
  PENALTIES,
  PENALTY_AUTHORITY,
  PERMITS,
  PERMIT_AUTHORITY,
  VEHICLES,
  addYears,
  companyByCode,
  dayFrom,
  driversOf,
  partyShown,
  permitValidUntil,
  scoreCycle,
  vehicleByPlate,
  vehicleStatus,
  type Vehicle,
  type VehicleKind,
} from './registry.js';

/** Contains the keyword, compared as the input check leaves it (upper-cased). */
const has = (keyword: string | undefined, ...fields: string[]) => !keyword || fields.some((f) => f.toUpperCase().includes(keyword));

/** A published party: a company by any part of its name, a private person only by the whole name. */
const partyMatches = (keyword: string, party: string, person: boolean) => (person ? party === keyword : party.toUpperCase().includes(keyword));

function vehicleRow(v: Vehicle, now: number): Record<string, unknown> {
  const dates = { certValidUntil: dayFrom(now, v.certDays), reviewDue: dayFrom(now, v.reviewDays), status: vehicleStatus(v) };
  if (v.kind === 'taxi') return { plate: v.plate, company: v.operator, transportCertNo: v.transportCertNo, vehicleModel: v.vehicleType, ...dates };
  return {
    plate: v.plate,
    operator: v.operator,
    transportCertNo: v.transportCertNo,
    vehicleType: v.vehicleType,
    ...(v.kind === 'passenger' ? { seats: v.seats } : { tonnage: v.tonnage }),
    ...dates,
  };
}

const vehicleQuery = (kind: VehicleKind) => (input: Input, _demo: Demo, now: number) => {
  const v = vehicleByPlate(input.plate!, kind);
  return v ? [vehicleRow(v, now)] : [];
};

const STATIONS = ['达州市通川区机动车安全技术检测站（演示）', '达州市达川区汽车综合性能检测站（演示）', '渠县机动车检测有限公司（演示）'];

/** The vehicle's last three 综合性能检测, a year apart, the latest a year before its next 审验. */
function inspections(v: Vehicle, now: number): Record<string, unknown>[] {
  const nextDue = dayFrom(now, v.reviewDays);
  const kind = v.kind === 'taxi' ? '巡游出租汽车综合性能检测' : '道路运输车辆综合性能检测（含技术等级评定）';
  const n = Number(v.transportCertNo.slice(-2));
  return [1, 2, 3].map((ago) => {
    const date = addYears(nextDue, -ago);
    return {
      date,
      station: STATIONS[(n + ago) % STATIONS.length],
      kind,
      // A vehicle past its 审验 last passed with 二级.
      result: v.kind === 'taxi' ? '合格' : v.reviewDays < 0 && ago === 1 ? '合格（二级）' : '合格（一级）',
      nextDue: addYears(date, 1),
    };
  });
}

/** The first of the strings the form sent under one of these keys, trimmed, or null. */
function field(data: Record<string, unknown>, keys: string[], max = 40): string | null {
  for (const k of keys) {
    const v = data[k];
    if (typeof v === 'string' && v.trim() && v.trim().length <= max) return v.trim();
  }
  return null;
}

const CERT_KINDS: [RegExp, string][] = [
  [/dangerous|危货/, '道路危险货物运输'],
  [/freight|普货|货运/, '道路普通货物运输'],
  [/passenger|客运|旅客/, '道路旅客运输'],
  [/taxi|出租/, '巡游出租汽车客运'],
  [/coach|教练/, '机动车驾驶员培训（教练车）'],
];

/** 年审: the new 审验有效期至 and the 道路运输证号; 补证: the 从业资格证号 and its 发证日期. */
function caseResult(c: BureauCaseSubmit, ref: string, demo: Demo, decidedAt: number): Record<string, unknown> {
  const day = beijingDay(decidedAt);
  const what = `${c.formCode} ${c.title}`;
  const kind = CERT_KINDS.find(([re]) => re.test(what))?.[1];
  if (/reissue|补证|补发/.test(what)) {
    // The number on the form (the holder's ID number since the national system: sent back masked,
    // a bureau never returns an ID number), or a new 12-digit one.
    const asked = field(c.data, ['qualificationNo', 'certNo'])?.toUpperCase();
    const qualificationNo = asked ? (/^\d{17}[\dX]$/.test(asked) ? maskId(asked) : asked) : `5117${demo.digits(8, 1)}`;
    return {
      审批编号: ref,
      从业资格证号: qualificationNo,
      从业资格类别: /freight|货运/.test(what) ? '道路货物运输驾驶员' : '道路旅客运输驾驶员',
      发证日期: day,
      有效期至: addYears(day, 6),
      发证机关: PERMIT_AUTHORITY,
    };
  }
  if (/review|年审/.test(what)) {
    const plate = field(c.data, ['plate', 'plateNo', 'plateNumber'], 10);
    const certNo = field(c.data, ['transportCertNo', 'certNo']) ?? `${c.site}${demo.digits(6, 2)}`;
    return {
      审批编号: ref,
      ...(plate ? { 车辆号牌: plate.toUpperCase() } : {}),
      道路运输证号: certNo,
      ...(kind ? { 经营范围: kind } : {}),
      审验结论: '年度审验合格',
      审验日期: day,
      审验有效期至: addYears(day, 1),
    };
  }
  return { 审批编号: ref, 办结日期: day, 承办单位: PERMIT_AUTHORITY };
}

export const transportSpec: BureauSpec = {
  name: 'transport',
  title: '交通运输局 · 道路运输管理系统',
  owner: '达州市交通运输局（模拟）',
  description: '查询客运班线、货运业户、营运车辆与道路运输证、企业及驾驶员记分、高速公路阻断、车辆检测记录、交通运输行政处罚与许可；受理道路运输证年审、从业资格证补证等承诺件。全部为演示数据。',
  refPrefix: 'JT',
  approveComment: '审核通过（承诺件），请按短信通知领取证件或在道路运输证上加注审验记录',
  result: caseResult,
  instant: {},
  query: {
    'passenger-lines': {
      summary: '客运班线 {keyword?: 出发地、目的地或车站} → {lineName, from, to, station, departures, price, operator}',
      input: { keyword: 'keyword?' },
      run: (input) => PASSENGER_LINES.filter((l) => has(input.keyword, l.lineName, l.from, l.to, l.station)).map((l) => ({ ...l })),
    },
    'freight-operators': {
      summary: '道路货运经营业户 {keyword?: 名称} → {name, creditCode, licenceNo, scope, address, validUntil, status}（个体业户姓名脱敏）',
      input: { keyword: 'keyword?' },
      run: (input, _demo, now) => {
        const operators = [
          ...COMPANIES.filter((c) => c.kind === 'freight' || c.kind === 'dangerous').map((c) => ({ ...c, shown: c.name, person: false })),
          ...INDIVIDUAL_OPERATORS.map((o) => ({ ...o, shown: `${maskName(o.name)}（个体）`, person: true, scope: '道路普通货物运输' })),
        ];
        return operators
          .filter((o) => !input.keyword || partyMatches(input.keyword, o.name, o.person))
          .map((o) => ({
            name: o.shown,
            creditCode: o.creditCode,
            licenceNo: o.licenceNo,
            scope: o.scope,
            address: o.address,
            validUntil: dayFrom(now, o.licenceDays),
            status: o.licenceDays < 0 ? '许可证过期' : '正常经营',
          }));
      },
    },
    'passenger-vehicle': {
      summary: '客运车辆 {plate} → {plate, operator, transportCertNo, vehicleType, seats, certValidUntil, reviewDue, status}；非本市客运车辆答空',
      input: { plate: 'plate' },
      run: vehicleQuery('passenger'),
    },
    'freight-vehicle': {
      summary: '普货车辆 {plate} → {plate, operator, transportCertNo, vehicleType, tonnage, certValidUntil, reviewDue, status}',
      input: { plate: 'plate' },
      run: vehicleQuery('freight'),
    },
    'taxi-vehicle': {
      summary: '巡游出租车 {plate} → {plate, company, transportCertNo, vehicleModel, certValidUntil, reviewDue, status}',
      input: { plate: 'plate' },
      run: vehicleQuery('taxi'),
    },
    'enterprise-score': {
      summary: '道路运输企业质量信誉考核记分 {creditCode} → 近两年 {name, creditCode, year, score, level, records}',
      input: { creditCode: 'creditCode' },
      run: (input, _demo, now) => {
        const c = companyByCode(input.creditCode!);
        if (!c) return [];
        const year = Number(beijingDay(now).slice(0, 4));
        const level = (s: number) => (s >= 900 ? 'AAA' : s >= 850 ? 'AA' : s >= 750 ? 'A' : 'B');
        return c.scores.map((score, i) => ({
          name: c.name,
          creditCode: c.creditCode,
          year: String(year - i),
          score,
          level: level(score),
          records: i === 0 ? c.records.join('；') : '考核周期已结束',
        }));
      },
    },
    'driver-score': {
      summary: '营运驾驶员计分（本人）{idNumber, name} → {name, qualificationNo, category, cycle, points, records}（姓名脱敏，不返回身份证号）',
      input: { idNumber: 'idNumber', name: 'name' },
      run: (input, demo, now) => {
        const points = demo.pick([0, 0, 1, 3, 5, 10], 3);
        const RECORDS: Record<number, string> = {
          0: '本周期无计分记录',
          1: `${dayFrom(now, -demo.int(10, 150, 4))} 未按规定携带从业资格证 计1分`,
          3: `${dayFrom(now, -demo.int(10, 150, 4))} 未按规定填写行车日志 计3分`,
          5: `${dayFrom(now, -demo.int(10, 150, 4))} 驾驶超限车辆 计5分`,
          10: `${dayFrom(now, -demo.int(60, 200, 4))} 连续驾驶超过4小时未休息 计5分；${dayFrom(now, -demo.int(5, 50, 5))} 驾驶超限车辆 计5分`,
        };
        return [{
          name: maskName(input.name!),
          qualificationNo: `5117${demo.digits(8, 1)}`,
          category: demo.pick(['道路旅客运输驾驶员', '道路货物运输驾驶员', '巡游出租汽车驾驶员'], 2),
          cycle: scoreCycle(now, demo.int(1, 12, 6)),
          points,
          records: RECORDS[points],
        }];
      },
    },
    'highway-closures': {
      summary: '高速公路阻断信息（当日）{keyword?: 路段} → {road, section, direction, reason, startAt, expectedEndAt, detour}',
      input: { keyword: 'keyword?' },
      run: (input, _demo, now) => {
        const midnight = Date.parse(`${beijingDay(now)}T00:00:00+08:00`);
        const at = (h: number) => new Date(midnight + h * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
        return CLOSURES.filter((c) => has(input.keyword, c.road, c.section)).map((c) => ({
          road: c.road,
          section: c.section,
          direction: c.direction,
          reason: c.reason,
          startAt: at(c.startHour),
          expectedEndAt: at(c.startHour + c.hours),
          detour: c.detour,
        }));
      },
    },
    'vehicle-inspections': {
      summary: '营运车辆综合性能检测记录 {plate} → 近三次 {date, station, kind, result, nextDue}',
      input: { plate: 'plate' },
      run: (input, _demo, now) => {
        const v = vehicleByPlate(input.plate!);
        return v ? inspections(v, now) : [];
      },
    },
    penalties: {
      summary: '交通运输行政处罚公示 {keyword: 当事人名称或决定书文号} → {decisionNo, party, violation, basis, penalty, decidedAt, authority}（自然人姓名脱敏）',
      input: { keyword: 'keyword' },
      run: (input) => PENALTIES.filter((p) => has(input.keyword, p.decisionNo) || partyMatches(input.keyword!, p.party, p.person)).map((p) => ({
        decisionNo: p.decisionNo,
        party: partyShown(p.party, p.person),
        violation: p.violation,
        basis: p.basis,
        penalty: p.penalty,
        decidedAt: p.decidedAt,
        authority: PENALTY_AUTHORITY,
      })),
    },
    permits: {
      summary: '交通运输行政许可公示 {keyword: 当事人名称或许可证号} → {permitNo, party, item, content, decidedAt, validUntil, authority}（自然人姓名脱敏）',
      input: { keyword: 'keyword' },
      run: (input, _demo, now) => PERMITS.filter((p) => has(input.keyword, p.permitNo) || partyMatches(input.keyword!, p.party, p.person)).map((p) => ({
        permitNo: p.permitNo,
        party: partyShown(p.party, p.person),
        item: p.item,
        content: p.content,
        decidedAt: p.decidedAt,
        validUntil: permitValidUntil(p, now),
        authority: PERMIT_AUTHORITY,
      })),
    },
    'company-driver-scores': {
      summary: '道路运输企业所属驾驶员记分 {creditCode} → {driverName, qualificationNo, category, points, cycle}（姓名脱敏）',
      input: { creditCode: 'creditCode' },
      run: (input, _demo, now) => driversOf(input.creditCode!).map((d, i) => ({
        driverName: maskName(d.name),
        qualificationNo: d.qualificationNo,
        category: d.category,
        points: d.points,
        cycle: scoreCycle(now, 1 + ((i * 5) % 12)),
      })),
    },
  },
};

/** The demo vehicles and companies a form's help text or a test can name. */
export const TRANSPORT_DEMO = {
  passengerPlate: VEHICLES.find((v) => v.kind === 'passenger')!.plate,
  freightPlate: VEHICLES.find((v) => v.kind === 'freight')!.plate,
  taxiPlate: VEHICLES.find((v) => v.kind === 'taxi')!.plate,
  companyCreditCode: COMPANIES[0]!.creditCode,
} as const;
