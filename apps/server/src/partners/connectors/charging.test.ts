/**
 * ChargingConnector: the operator's answer is checked against the protocol's shape (502 when it is
 * not), the county and the search go on the query string, and a system that is down is a 503 in
 * the operator's words.
 */
import { describe, expect, it } from 'vitest';
import { EnvelopeCode, type ChargingStationsResult } from '@dz/partner-protocol';
import { CHARGING_UNAVAILABLE, ChargingConnector } from './charging.js';
import { failure, startStubPartner } from './test-support.js';

const answer: ChargingStationsResult = {
  updatedAt: '2026-12-07T08:00:00.000Z',
  stations: [
    {
      id: 'CS1',
      name: '达川区政府充电站（演示）',
      address: '达川区三里坪',
      county: '511703',
      operator: '达州新能源（演示）',
      openHours: '00:00-24:00',
      lat: 31.193,
      lng: 107.514,
      priceFenPerKwh: 65,
      serviceFeeFenPerKwh: 60,
      parking: '充电免停车费 2 小时',
      connectors: [
        { id: 'CS1-1', kind: 'fast', powerKw: 120, status: 'free' },
        { id: 'CS1-2', kind: 'slow', powerKw: 7, status: 'busy' },
      ],
    },
  ],
};

describe('ChargingConnector (app.charging)', () => {
  it('asks for the county and the search, and returns the checked answer', async () => {
    const urls: string[] = [];
    const stub = await startStubPartner((_m, url) => {
      urls.push(url);
      return { code: EnvelopeCode.OK, message: 'ok', data: answer };
    });
    try {
      expect(await new ChargingConnector(stub.client).stations('511703', '511703', '政府')).toEqual(answer);
      expect(await new ChargingConnector(stub.client).stations('511700', '511700', undefined)).toEqual(answer);
      expect(urls).toEqual([`/v1/charging/stations?county=511703&q=${encodeURIComponent('政府')}`, '/v1/charging/stations?county=511700']);
    } finally {
      await stub.close();
    }
  });

  it('an answer without the protocol’s shape → 502; down → 503 with the operator’s message', async () => {
    const wrong = await startStubPartner(() => ({ code: EnvelopeCode.OK, message: 'ok', data: { stations: [{ ...answer.stations[0], connectors: [{ id: 'x', kind: 'turbo', powerKw: 1, status: 'free' }] }], updatedAt: 'now' } }));
    const down = await startStubPartner(() => ({ code: EnvelopeCode.INTERNAL, message: 'down', data: null }));
    try {
      const bad = await failure(new ChargingConnector(wrong.client).stations('511700', '511700', undefined));
      expect([bad.statusCode, bad.code]).toEqual([502, 'PARTNER_BAD_ANSWER']);
      const err = await failure(new ChargingConnector(down.client).stations('511700', '511700', undefined));
      expect([err.statusCode, err.code, err.message]).toEqual([503, 'PARTNER_UNAVAILABLE', CHARGING_UNAVAILABLE]);
    } finally {
      await wrong.close();
      await down.close();
    }
  });
});
