import { describe, expect, it } from 'vitest';
import { BizCode, EnvelopeCode } from '@dz/partner-protocol';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';
import { CATALOG_LIMIT } from './catalogs.js';

type Rows = { rows: Record<string, unknown>[] };
const ID = '511702199001011231';

describe('医保 queries of the 医疗就诊 zone', () => {
  // 2026-12-07 10:00 Beijing: the account's 本年 figures are this year's.
  const clock = new TestClock(Date.parse('2026-12-07T02:00:00Z'));
  const sb = sandboxForFile({ now: clock.now });
  const query = async (op: string, body: object) => data<Rows>(await partnerClient(sb.app, { now: clock.now }).post(`/v1/medicare/query/${op}`, body)).rows;

  it('参保信息 and 个人账户余额 come from the ID number, the same every time, the ID masked', async () => {
    const [info] = await query('insured-info', { applicantIdNumber: ID, applicantName: '张三' });
    expect(info).toMatchObject({ name: '张*', idNumber: '5117**********1231', status: '参保缴费', place: '达州市通川区', since: expect.stringMatching(/^20\d{2}-\d{2}-\d{2}$/) });
    expect(['职工基本医疗保险', '城乡居民基本医疗保险']).toContain(info!.insurance);
    expect(await query('insured-info', { idNumber: ID })).toEqual([{ ...info, name: undefined }].map(({ name: _n, ...r }) => r));

    const [acct] = await query('account-balance', { idNumber: ID });
    expect(acct).toMatchObject({ asOf: '2026-12-07', status: '正常', balance: expect.stringMatching(/^\d+\.\d{2}$/) });
    const tx = acct!.transactions as { date: string; amount: string }[];
    expect(tx).toHaveLength(5);
    // 本年支出 is the sum of this year's payments; the balance is what was carried plus 划入 minus 支出.
    const out = tx.filter((t) => t.date.startsWith('2026')).reduce((s, t) => s + Math.round(Number(t.amount) * 100), 0);
    expect(Math.round(Number(acct!.yearOut) * 100)).toBe(out);
    expect(String(acct!.recent).split('；')).toHaveLength(5);
    expect(await query('account-balance', { idNumber: ID })).toEqual([acct]);
  });

  it('异地就医: the settlements are at the place of the valid filing', async () => {
    const filings = await query('offsite-filings', { idNumber: ID });
    expect(filings.length).toBeGreaterThanOrEqual(1);
    expect(filings[0]).toMatchObject({ status: '备案有效', filingNo: expect.stringMatching(/^BA\d{14}$/) });
    const settled = await query('offsite-settlements', { idNumber: ID });
    expect(settled.length).toBeGreaterThanOrEqual(3);
    for (const s of settled) {
      expect(Number(s.total)).toBeCloseTo(Number(s.fund) + Number(s.account) + Number(s.cash), 2);
      // This year's visits, none after today.
      expect(String(s.date) >= '2026-01-01' && String(s.date) <= '2026-12-07', String(s.date)).toBe(true);
    }
    expect(await query('offsite-settlements', { idNumber: ID, year: '2030' })).toEqual([]);
  });

  it('directories: 20–60 institutions each, narrowed by area and keyword', async () => {
    for (const op of ['pharmacy-local', 'pharmacy-provincial', 'pharmacy-interprovincial', 'outpatient-provincial']) {
      const all = await query(op, {});
      expect(all.length, op).toBeGreaterThanOrEqual(20);
      expect(all.length, op).toBeLessThanOrEqual(60);
      expect(new Set(all.map((r) => r.code)).size, op).toBe(all.length);
      expect(all.every((r) => String(r.name).includes('模拟')), op).toBe(true);
    }
    const local = await query('pharmacy-local', { area: '通川区' });
    expect(local.length).toBeGreaterThan(0);
    expect(local.every((r) => String(r.area) === '达州市通川区')).toBe(true);
    const both = await query('pharmacy-interprovincial', { area: '重庆', keyword: '康源' });
    expect(both.every((r) => String(r.area).startsWith('重庆市') && String(r.name).includes('康源'))).toBe(true);
    expect((await query('outpatient-provincial', { area: '成都市' })).every((r) => r.level && r.settlement === '普通门诊费用直接结算')).toBe(true);
  });

  it('catalogues: at least 50 entries, capped answers, a keyword matches names and codes', async () => {
    for (const op of ['treatment-catalog', 'western-catalog', 'herbal-catalog', 'hospital-made-catalog']) {
      const all = await query(op, {});
      expect(all, op).toHaveLength(CATALOG_LIMIT);
      expect(all.every((r) => r.code && r.name && r.category && /^\d+\.\d{2}$/.test(String(r.price))), op).toBe(true);
    }
    const capsules = await query('western-catalog', { keyword: '胶囊' });
    expect(capsules.length).toBeGreaterThan(3);
    expect(capsules.length).toBeLessThan(CATALOG_LIMIT);
    expect(capsules.every((r) => String(r.name).includes('胶囊'))).toBe(true);
    const [first] = capsules;
    // A code is found in any case (the input check upper-cases it).
    expect(await query('western-catalog', { keyword: String(first!.code).toLowerCase() })).toEqual([first]);
    expect(await query('herbal-catalog', { keyword: '黄芪' })).toEqual([expect.objectContaining({ name: '黄芪', form: '中药饮片' })]);
    expect(await query('hospital-made-catalog', { keyword: '合剂' })).toSatisfy((rows: Rows['rows']) => rows.length > 0 && rows.every((r) => String(r.maker).includes('模拟')));
    expect(await query('treatment-catalog', { keyword: '不存在的项目' })).toEqual([]);
  });

  it('refuses wrong input with 2004 and a Chinese message, and an unknown operation with 1004', async () => {
    const cl = partnerClient(sb.app, { now: clock.now });
    const bad = await cl.post('/v1/medicare/query/western-catalog', { keyword: '<script>' });
    expect([bad.statusCode, envelope(bad).code, envelope(bad).message]).toEqual([200, BizCode.INVALID_DATA, '关键字应为1–30个汉字、字母或数字']);
    const noId = await cl.post('/v1/medicare/query/account-balance', {});
    expect(envelope(noId)).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('身份证号') });
    const unknown = await cl.post('/v1/medicare/query/nope-catalog', {});
    expect([unknown.statusCode, envelope(unknown).code]).toEqual([400, EnvelopeCode.BAD_REQUEST]);
  });
});
