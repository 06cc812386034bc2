import { describe, expect, it } from 'vitest';
import { BizCode, type BureauCaseReceipt, type BureauDecision } from '@dz/partner-protocol';
import { DEFAULT_DECIDE_AFTER_MS } from '../bureau/module.js';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';
import { TRANSPORT_DEMO } from './index.js';

type Row = Record<string, unknown>;
const ID = '511702199001011231';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The keys each query answers, per the interface of the server's forms. */
const COLUMNS: Record<string, [object, string[]]> = {
  'passenger-lines': [{}, ['lineName', 'from', 'to', 'station', 'departures', 'price', 'operator']],
  'freight-operators': [{}, ['name', 'creditCode', 'licenceNo', 'scope', 'address', 'validUntil', 'status']],
  'passenger-vehicle': [{ plate: TRANSPORT_DEMO.passengerPlate }, ['plate', 'operator', 'transportCertNo', 'vehicleType', 'seats', 'certValidUntil', 'reviewDue', 'status']],
  'freight-vehicle': [{ plate: TRANSPORT_DEMO.freightPlate }, ['plate', 'operator', 'transportCertNo', 'vehicleType', 'tonnage', 'certValidUntil', 'reviewDue', 'status']],
  'taxi-vehicle': [{ plate: TRANSPORT_DEMO.taxiPlate }, ['plate', 'company', 'transportCertNo', 'vehicleModel', 'certValidUntil', 'reviewDue', 'status']],
  'enterprise-score': [{ creditCode: TRANSPORT_DEMO.companyCreditCode }, ['name', 'creditCode', 'year', 'score', 'level', 'records']],
  'driver-score': [{ idNumber: ID, name: '张三' }, ['name', 'qualificationNo', 'category', 'cycle', 'points', 'records']],
  'highway-closures': [{}, ['road', 'section', 'direction', 'reason', 'startAt', 'expectedEndAt', 'detour']],
  'vehicle-inspections': [{ plate: TRANSPORT_DEMO.freightPlate }, ['date', 'station', 'kind', 'result', 'nextDue']],
  penalties: [{ keyword: '达交执罚' }, ['decisionNo', 'party', 'violation', 'basis', 'penalty', 'decidedAt', 'authority']],
  permits: [{ keyword: '川交运管许可' }, ['permitNo', 'party', 'item', 'content', 'decidedAt', 'validUntil', 'authority']],
  'company-driver-scores': [{ creditCode: TRANSPORT_DEMO.companyCreditCode }, ['driverName', 'qualificationNo', 'category', 'points', 'cycle']],
};

describe('交通运输局 道路运输管理系统 (transport)', () => {
  // 2026-12-07 10:00 Beijing.
  const clock = new TestClock(Date.parse('2026-12-07T02:00:00Z'));
  const sb = sandboxForFile({ now: clock.now });
  const cl = () => partnerClient(sb.app, { now: clock.now });
  const query = async (op: string, body: object) => data<{ rows: Row[] }>(await cl().post(`/v1/transport/query/${op}`, body)).rows;

  it('answers every query with exactly its columns, the same twice', async () => {
    for (const [op, [input, keys]] of Object.entries(COLUMNS)) {
      const rows = await query(op, input);
      expect(rows.length, op).toBeGreaterThan(0);
      for (const r of rows) expect(Object.keys(r).sort(), op).toEqual([...keys].sort());
      expect(await query(op, input), op).toEqual(rows);
    }
  });

  it('客运班线 and 货运业户 by keyword; companies and stations are demo', async () => {
    const all = await query('passenger-lines', {});
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.every((l) => String(l.station).endsWith('（演示）') && String(l.operator).endsWith('（演示）'))).toBe(true);
    const chengdu = await query('passenger-lines', { keyword: '成都' });
    expect(chengdu.map((l) => l.to)).toEqual(['成都']);
    expect((await query('passenger-lines', { keyword: '达州汽车客运中心' })).every((l) => l.station === '达州汽车客运中心（演示）')).toBe(true);
    expect(await query('passenger-lines', { keyword: '拉萨' })).toEqual([]);

    const operators = await query('freight-operators', {});
    expect(operators.some((o) => o.status === '许可证过期')).toBe(true);
    expect(operators.every((o) => DAY.test(String(o.validUntil)))).toBe(true);
    // A self-employed operator (a private person) is shown masked, found only by the whole name.
    expect(operators.map((o) => o.name)).toContain('王**（个体）');
    expect(JSON.stringify(operators)).not.toContain('王建明');
    expect((await query('freight-operators', { keyword: '王建明' })).map((o) => o.name)).toEqual(['王**（个体）']);
    expect(await query('freight-operators', { keyword: '王' })).toEqual([]);
    expect((await query('freight-operators', { keyword: '川东' })).map((o) => o.name)).toEqual(['达州市川东物流有限公司（演示）']);
  });

  it('营运车辆 by plate: 道路运输证, dates kept current with their status; an unknown or other-kind plate answers no row', async () => {
    const [bus] = await query('passenger-vehicle', { plateNo: TRANSPORT_DEMO.passengerPlate.toLowerCase() });
    expect(bus).toMatchObject({ plate: TRANSPORT_DEMO.passengerPlate, seats: 49, transportCertNo: expect.stringMatching(/^5117\d{8}$/), status: '正常' });
    expect(String(bus!.reviewDue) > '2026-12-07').toBe(true);
    const statuses = new Set<unknown>();
    for (const [op, prefix] of [['passenger-vehicle', '川SK'], ['freight-vehicle', '川SH'], ['taxi-vehicle', '川ST']] as const) {
      for (let i = 1; i <= 4; i++) {
        const [v] = await query(op, { plate: `${prefix}000${i}` });
        statuses.add(v!.status);
        // 待年审 when due within 30 days, 逾期未审 once past.
        const due = String(v!.reviewDue);
        expect(v!.status, `${prefix}000${i}`).toBe(due < '2026-12-07' ? '逾期未审' : due <= '2027-01-06' ? '待年审' : '正常');
      }
    }
    expect([...statuses].sort()).toEqual(['待年审', '正常', '逾期未审']);
    expect((await query('freight-vehicle', { plate: TRANSPORT_DEMO.freightPlate }))[0]).toMatchObject({ tonnage: 18 });
    expect(await query('passenger-vehicle', { plate: '川S99999' })).toEqual([]);
    expect(await query('passenger-vehicle', { plate: TRANSPORT_DEMO.taxiPlate })).toEqual([]);
    expect(await query('vehicle-inspections', { plate: '川S99999' })).toEqual([]);
    const checks = await query('vehicle-inspections', { plate: TRANSPORT_DEMO.taxiPlate });
    expect(checks).toHaveLength(3);
    expect(checks.every((c) => DAY.test(String(c.date)) && String(c.station).endsWith('（演示）') && c.result === '合格')).toBe(true);
  });

  it('记分: a company\'s score and its drivers, masked; the login\'s own by ID number, no ID returned', async () => {
    const scores = await query('enterprise-score', { companyCreditCode: TRANSPORT_DEMO.companyCreditCode });
    expect(scores.map((s) => s.year)).toEqual(['2026', '2025']);
    expect(scores[0]).toMatchObject({ name: '达州市通达汽车客运有限公司（演示）', score: 930, level: 'AAA', records: expect.stringContaining('扣5分') });
    const drivers = await query('company-driver-scores', { creditCode: TRANSPORT_DEMO.companyCreditCode });
    expect(drivers.map((d) => d.driverName)).toEqual(['陈**', '李**']);
    expect(drivers.every((d) => /^\d{4}-\d{2}-01至\d{4}-\d{2}-\d{2}$/.test(String(d.cycle)))).toBe(true);
    expect(await query('enterprise-score', { creditCode: '91511700MA62X1234K' })).toEqual([]);
    expect(await query('company-driver-scores', { creditCode: '91511700MA62X1234K' })).toEqual([]);

    const [own] = await query('driver-score', { applicantIdNumber: ID, applicantName: '张三' });
    expect(own).toMatchObject({ name: '张*', qualificationNo: expect.stringMatching(/^5117\d{8}$/), points: expect.any(Number) });
    expect(String(own!.records)).toMatch(own!.points === 0 ? /无计分记录/ : /计\d分/);
    expect(JSON.stringify(own)).not.toContain(ID);
    expect(JSON.stringify(own)).not.toContain('张三');
  });

  it('高速公路阻断, 行政处罚 and 许可: by road or party, persons masked and found only by the whole name', async () => {
    const closures = await query('highway-closures', {});
    expect(new Set(closures.map((c) => c.road))).toEqual(new Set(['G65 包茂高速', 'G42 沪蓉高速', 'G5515 张南高速']));
    expect(closures.every((c) => String(c.startAt) < String(c.expectedEndAt) && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(String(c.startAt)))).toBe(true);
    expect((await query('highway-closures', { keyword: 'g42' })).every((c) => c.road === 'G42 沪蓉高速')).toBe(true);

    const byCompany = await query('penalties', { keyword: '宕渠' });
    expect(byCompany).toHaveLength(2);
    expect(byCompany.every((p) => p.party === '四川宕渠货运有限公司（演示）' && String(p.authority).endsWith('（演示）'))).toBe(true);
    const [byNo] = await query('penalties', { keyword: '达交执罚决字（2026）第0073号' });
    expect(byNo).toMatchObject({ party: '孙*', penalty: '罚款200元' });
    expect((await query('penalties', { keyword: '孙丽' })).map((p) => p.decisionNo)).toEqual(['达交执罚决字（2026）第0073号']);
    expect(await query('penalties', { keyword: '孙' })).toEqual([]);
    expect(JSON.stringify(await query('penalties', { keyword: '达交执罚' }))).not.toMatch(/孙丽|吴长江|张德福/);

    const permits = await query('permits', { keyword: '通达汽车客运' });
    expect(permits.map((p) => p.item).sort()).toEqual(['道路客运班线经营许可', '道路旅客运输经营许可']);
    expect(permits.every((p) => DAY.test(String(p.validUntil)))).toBe(true);
    expect((await query('permits', { keyword: '刘小兵' }))[0]).toMatchObject({ party: '刘**', item: '道路货物运输经营许可' });
  });

  it('refuses bad input with 2004 and the Chinese complaint', async () => {
    const refuse = async (op: string, body: object) => envelope(await cl().post(`/v1/transport/query/${op}`, body));
    expect(await refuse('passenger-vehicle', { plate: 'S12345' })).toMatchObject({ code: BizCode.INVALID_DATA, message: '号牌号码格式不正确，例如 川S12345' });
    expect(await refuse('taxi-vehicle', {})).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('plate 必填') });
    expect(await refuse('penalties', {})).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('keyword 必填') });
    expect(await refuse('permits', { keyword: "x' OR 1=1" })).toMatchObject({ code: BizCode.INVALID_DATA, message: '关键字应为1–30个汉字、字母或数字' });
    expect(await refuse('enterprise-score', { creditCode: '123' })).toMatchObject({ code: BizCode.INVALID_DATA, message: '统一社会信用代码应为18位' });
    expect(await refuse('driver-score', { idNumber: ID })).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('name 必填') });
  });

  it('accepts a case of each 年审 and 补证 kind and decides it: 审验有效期至 and 证号, or 从业资格证号', async () => {
    const forms: [string, string, object][] = [
      ['freight-cert-review', '普货车辆运输证年审', { plateNo: '川SH0001', transportCertNo: '511703020001' }],
      ['dangerous-cert-review', '危货车辆运输证年审', { plate: '川SW0001' }],
      ['passenger-cert-review', '客运车辆运输证年审', { plate: '川SK0001', transportCertNo: '511702010001' }],
      ['taxi-cert-review', '巡游出租车运输证年审', { plate: '川ST0001' }],
      ['coach-car-cert-review', '教练车道路运输证年审', { plate: '川SJ0001学' }],
      ['passenger-driver-reissue', '旅客运输驾驶员补证', { qualificationNo: '511700020079', reason: '遗失' }],
      ['freight-driver-reissue', '货运驾驶员资格证补发', { reason: '损毁' }],
      ['passenger-driver-reissue', '旅客运输驾驶员补证', { qualificationNo: ID.toLowerCase() }],
    ];
    const refs: string[] = [];
    for (const [i, [formCode, title, fields]] of forms.entries()) {
      const r = data<BureauCaseReceipt>(await cl().write('/v1/transport/cases', {
        caseNo: `DZ-JT-${i}-${formCode}`, site: '511702', formCode, title, data: fields, applicant: { name: '张三', idNumber: ID, phone: '13900000001' },
      }));
      expect(r).toMatchObject({ status: 'pending', ref: expect.stringMatching(/^JT20261207\d{6}$/) });
      refs.push(r.ref);
    }
    clock.advance(DEFAULT_DECIDE_AFTER_MS);
    const decided = await Promise.all(refs.map(async (ref) => data<BureauDecision>(await cl().get(`/v1/transport/cases/${ref}`))));
    expect(decided.every((d) => d.status === 'approved' && d.comment?.includes('审核通过'))).toBe(true);
    const [freight, dangerous, passenger, taxi, coach, passengerDriver, freightDriver, byId] = decided.map((d) => d.result!);
    expect(freight).toMatchObject({ 车辆号牌: '川SH0001', 道路运输证号: '511703020001', 经营范围: '道路普通货物运输', 审验结论: '年度审验合格', 审验日期: '2026-12-07', 审验有效期至: '2027-12-07' });
    expect(dangerous).toMatchObject({ 车辆号牌: '川SW0001', 道路运输证号: expect.stringMatching(/^511702\d{6}$/), 经营范围: '道路危险货物运输', 审验有效期至: '2027-12-07' });
    expect(passenger).toMatchObject({ 道路运输证号: '511702010001', 经营范围: '道路旅客运输' });
    expect(taxi).toMatchObject({ 经营范围: '巡游出租汽车客运', 审验有效期至: '2027-12-07' });
    expect(coach).toMatchObject({ 车辆号牌: '川SJ0001学', 经营范围: '机动车驾驶员培训（教练车）' });
    expect(passengerDriver).toMatchObject({ 从业资格证号: '511700020079', 从业资格类别: '道路旅客运输驾驶员', 发证日期: '2026-12-07' });
    expect(freightDriver).toMatchObject({ 从业资格证号: expect.stringMatching(/^5117\d{8}$/), 从业资格类别: '道路货物运输驾驶员', 发证日期: '2026-12-07' });
    // A 证号 that is the holder's ID number comes back masked.
    expect(byId).toMatchObject({ 从业资格证号: '5117**********1231' });
    // The result is stable: read again, the same.
    expect(data<BureauDecision>(await cl().get(`/v1/transport/cases/${refs[1]}`)).result).toEqual(dangerous);
  });
});
