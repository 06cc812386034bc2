import { describe, expect, it } from 'vitest';
import { EnvelopeCode, type ChargingStationsResult } from '@dz/partner-protocol';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';
import { COUNTY_NAMES, STATUS_WINDOW_MS } from './stations.js';

// Monday 2026-12-07, 10:00 in Beijing.
const START = Date.parse('2026-12-07T10:00:00+08:00');

describe('charging: the sandbox charging operator', () => {
  const clock = new TestClock(START);
  const sb = sandboxForFile({ now: clock.now });
  const list = async (query: string) => data<ChargingStationsResult>(await partnerClient(sb.app, { now: clock.now }).get(`/v1/charging/stations?${query}`));

  it('lists the stations of a county, and every county for 511700', async () => {
    const all = (await list('county=511700')).stations;
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(new Set(all.map((s) => s.county))).toEqual(new Set(Object.keys(COUNTY_NAMES)));
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    for (const s of all) {
      expect(s.name).toMatch(/充电站（演示）$/);
      expect(s.address).toContain(COUNTY_NAMES[s.county]);
      expect(s.connectors.length).toBeGreaterThan(0);
      expect(s.connectors.some((c) => c.kind === 'fast' && (c.powerKw === 60 || c.powerKw === 120))).toBe(true);
      expect(s.connectors.filter((c) => c.kind === 'slow').every((c) => c.powerKw === 7)).toBe(true);
      expect(s.priceFenPerKwh).toBeGreaterThan(0);
      expect(s.serviceFeeFenPerKwh).toBeGreaterThan(0);
      expect(s.openHours).toMatch(/^\d{2}:\d{2}-\d{2}:\d{2}$/);
      expect(s.parking).not.toBe('');
    }
    const dachuan = (await list('county=511703')).stations;
    const tongchuan = (await list('county=511702')).stations;
    expect(dachuan.length).toBeGreaterThanOrEqual(5);
    expect(tongchuan.length).toBeGreaterThanOrEqual(5);
    expect(dachuan.every((s) => s.county === '511703')).toBe(true);
    // A county outside 达州: nothing there.
    expect((await list('county=110101')).stations).toEqual([]);
  });

  it('matches q on the name or the address', async () => {
    const byName = (await list(`county=511703&q=${encodeURIComponent('三里坪')}`)).stations;
    expect(byName.map((s) => s.name)).toEqual(['三里坪充电站（演示）']);
    // 永兴路 is only in the address of 长田坝公交枢纽充电站.
    const byAddress = (await list(`county=511700&q=${encodeURIComponent('永兴路')}`)).stations;
    expect(byAddress.map((s) => s.name)).toEqual(['长田坝公交枢纽充电站（演示）']);
    // q within a county: 医院 matches hospital car parks of that county only.
    const hospitals = (await list(`county=511702&q=${encodeURIComponent('医院')}`)).stations;
    expect(hospitals.length).toBeGreaterThanOrEqual(1);
    expect(hospitals.every((s) => s.county === '511702' && (s.name + s.address).includes('医院'))).toBe(true);
    expect((await list(`county=511703&q=${encodeURIComponent('不存在的地方')}`)).stations).toEqual([]);
  });

  it('changes statuses across 5-minute windows, with a few connectors out of order', async () => {
    clock.t = START;
    const first = await list('county=511700');
    expect(first.updatedAt).toBe(new Date(START).toISOString());
    const status = (r: ChargingStationsResult) => new Map(r.stations.flatMap((s) => s.connectors.map((c) => [c.id, c.status] as const)));
    const a = status(first);
    // Within the same window nothing changes.
    clock.t = START + 60_000;
    expect(status(await list('county=511700'))).toEqual(a);
    clock.t = START + STATUS_WINDOW_MS;
    const b = status(await list('county=511700'));
    const changed = [...a].filter(([id, s]) => b.get(id) !== s).length;
    expect(changed).toBeGreaterThan(a.size / 10);
    const values = [...a.values()];
    expect(values.filter((s) => s === 'free').length).toBeGreaterThan(0);
    expect(values.filter((s) => s === 'busy').length).toBeGreaterThan(0);
    const faults = values.filter((s) => s === 'fault').length;
    expect(faults).toBeGreaterThan(0);
    expect(faults).toBeLessThan(a.size / 10);
  });

  it('refuses a missing or malformed county, an over-long q, and unsigned calls', async () => {
    const cl = partnerClient(sb.app, { now: clock.now });
    for (const url of ['/v1/charging/stations', '/v1/charging/stations?county=abc', `/v1/charging/stations?county=511700&q=${'a'.repeat(51)}`]) {
      const res = await cl.get(url);
      expect([res.statusCode, envelope(res).code], url).toEqual([400, EnvelopeCode.BAD_REQUEST]);
      expect(envelope(res).message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const unsigned = await sb.app.inject({ method: 'GET', url: '/v1/charging/stations?county=511700' });
    expect([unsigned.statusCode, envelope(unsigned).code]).toEqual([401, EnvelopeCode.BAD_SIGNATURE]);
  });
});
