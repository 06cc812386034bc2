/**
 * LicenceConnector: the holder and status calls go to the protocol's paths with the holder in the
 * body, answers are checked against the protocol's shape (502 when not), an unknown number is
 * null, and a system that is down is a 503 in the licence system's words.
 */
import { describe, expect, it } from 'vitest';
import { EnvelopeCode, type LicenceListResult } from '@dz/partner-protocol';
import { LICENCE_UNAVAILABLE, LicenceConnector } from './licence.js';
import { failure, startStubPartner } from './test-support.js';

const list: LicenceListResult = {
  licences: [
    {
      licenceNo: '511702199001011231',
      type: 'id-card',
      title: '中华人民共和国居民身份证',
      holderName: '张三',
      holderIdNumber: '511702199001011231',
      creditCode: null,
      issuer: '达州市公安局通川区分局',
      issuedOn: '2016-03-01',
      validUntil: '2036-03-01',
      status: 'valid',
      surface: [{ key: 'name', label: '姓名', value: '张三' }],
    },
  ],
};

describe('LicenceConnector', () => {
  it('posts the holder and the licence number to the protocol paths and returns the checked answers', async () => {
    const calls: string[] = [];
    const stub = await startStubPartner((m, url) => {
      calls.push(`${m} ${url}`);
      if (url === '/v1/licence/holder') return { code: EnvelopeCode.OK, message: 'ok', data: list };
      if (url === '/v1/licence/status') return { code: EnvelopeCode.OK, message: 'ok', data: { licenceNo: '511702199001011231', status: 'revoked', revokedAt: '2026-12-01T00:00:00.000Z' } };
      return { code: EnvelopeCode.NOT_FOUND, message: '无此证照', data: null };
    });
    try {
      const c = new LicenceConnector(stub.client);
      expect(await c.holder('511700', { idNumber: '511702199001011231', name: '张三' })).toEqual(list);
      expect((await c.status('511700', '511702199001011231'))?.status).toBe('revoked');
      expect(calls).toEqual(['POST /v1/licence/holder', 'POST /v1/licence/status']);
    } finally {
      await stub.close();
    }
  });

  it('an unknown number → null; a wrong shape → 502; down → 503 with the licence system’s message', async () => {
    const unknown = await startStubPartner(() => ({ code: EnvelopeCode.NOT_FOUND, message: '无此证照', data: null }));
    const wrong = await startStubPartner(() => ({ code: EnvelopeCode.OK, message: 'ok', data: { licences: [{ ...list.licences[0], type: 'passport' }] } }));
    const down = await startStubPartner(() => ({ code: EnvelopeCode.INTERNAL, message: 'down', data: null }));
    try {
      expect(await new LicenceConnector(unknown.client).status('511700', 'X1')).toBeNull();
      const bad = await failure(new LicenceConnector(wrong.client).holder('511700', { idNumber: '511702199001011231', name: '张三' }));
      expect([bad.statusCode, bad.code]).toEqual([502, 'PARTNER_BAD_ANSWER']);
      const err = await failure(new LicenceConnector(down.client).holder('511700', { creditCode: '91511702MA6A0D1766', name: '示例' }));
      expect([err.statusCode, err.code, err.message]).toEqual([503, 'PARTNER_UNAVAILABLE', LICENCE_UNAVAILABLE]);
    } finally {
      await unknown.close();
      await wrong.close();
      await down.close();
    }
  });
});
