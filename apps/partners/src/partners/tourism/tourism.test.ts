import { describe, expect, it } from 'vitest';
import { TestClock, data, partnerClient, sandboxForFile } from '../../test/helpers.js';

type Row = Record<string, unknown>;

/** The keys each query answers, per the interface of the server's forms (culture-forms.ts). */
const COLUMNS: Record<string, [object, string[]]> = {
  'travel-agencies': [{}, ['name', 'licenceNo', 'scope', 'address', 'phone', 'qualityDeposit']],
  guides: [{}, ['name', 'guideNo', 'level', 'language', 'agency', 'validUntil']],
  'a-level-spots': [{}, ['name', 'level', 'countyName', 'address', 'openHours', 'ticket', 'phone']],
  'water-scenic-areas': [{}, ['name', 'level', 'countyName', 'water', 'area', 'approvedYear']],
  'culture-output': [{}, ['year', 'county', 'value', 'share', 'growth']],
  'rural-coops': [{}, ['name', 'creditCode', 'countyName', 'business', 'listedYear']],
};

const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const creditCodeValid = (c: string) => CC_CHARS[(31 - ([...c.slice(0, 17)].reduce((s, ch, i) => s + CC_CHARS.indexOf(ch) * CC_WEIGHTS[i]!, 0) % 31)) % 31] === c[17];

describe('文广旅局 文旅信息系统 (tourism)', () => {
  const clock = new TestClock(Date.parse('2026-12-07T02:00:00Z'));
  const sb = sandboxForFile({ now: clock.now });
  const cl = () => partnerClient(sb.app, { now: clock.now });
  const query = async (op: string, body: object) => data<{ rows: Row[] }>(await cl().post(`/v1/tourism/query/${op}`, body)).rows;

  it('answers every query with exactly its columns', async () => {
    for (const [op, [input, keys]] of Object.entries(COLUMNS)) {
      const rows = await query(op, input);
      expect(rows.length, op).toBeGreaterThan(0);
      for (const r of rows) expect(Object.keys(r).sort(), op).toEqual([...keys].sort());
    }
  });

  it('filters by keyword, county and year', async () => {
    const agencies = await query('travel-agencies', {});
    expect(agencies.length).toBe(12);
    expect(agencies.every((a) => /^L-SC-\d{5}$/.test(String(a.licenceNo)) && String(a.address).startsWith('达州市'))).toBe(true);
    expect((await query('travel-agencies', { keyword: '巴山' })).map((a) => a.name)).toEqual(['达州市巴山国际旅行社有限公司（演示）']);
    const spots = await query('a-level-spots', {});
    expect(spots.map((s) => s.name)).toEqual(expect.arrayContaining(['巴山大峡谷', '八台山', '真佛山', '賨人谷', '莲花湖', '凤凰山']));
    expect(new Set(spots.map((s) => s.level))).toEqual(new Set(['5A', '4A', '3A']));
    expect(spots[0]!.level).toBe('5A');
    expect((await query('a-level-spots', { county: '511702' })).map((s) => s.name)).toEqual(['莲花湖', '凤凰山']);
    expect(await query('water-scenic-areas', { county: '511722' })).toHaveLength(1);
    const output = await query('culture-output', { year: '2024' });
    expect(output[0]).toMatchObject({ year: '2024', county: '达州市（全市）' });
    expect(output).toHaveLength(8);
    expect(await query('culture-output', { year: '1999' })).toEqual([]);
    expect((await query('culture-output', {}))[0]!.year).toBe('2025');
    const coops = await query('rural-coops', {});
    expect(coops.every((c) => creditCodeValid(String(c.creditCode)))).toBe(true);
  });

  it('masks guides\' names and finds a guide only by the whole name', async () => {
    const guides = await query('guides', {});
    expect(guides.every((g) => /^[\p{Script=Han}]\*+$/u.test(String(g.name)))).toBe(true);
    expect((await query('guides', { keyword: '王晓燕' })).map((g) => g.name)).toEqual(['王**']);
    expect(await query('guides', { keyword: '王' })).toEqual([]);
  });
});
