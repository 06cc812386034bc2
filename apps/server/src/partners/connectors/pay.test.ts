import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BizCode, type Envelope } from '@dz/partner-protocol';
import { AppError } from '../../infra/errors.js';
import { PartnerRefusal } from '../partner-client.js';
import { PayConnector } from './pay.js';
import { startStubPartner, type StubPartner } from './test-support.js';

const meta = { site: '511700', requestId: 'req-pay-connector' };
const order = { orderId: 'DZ20261207100000000001', amountFen: 1200, subject: '挂号费', channel: 'wechat' as const, notifyUrl: 'http://127.0.0.1/api/payments/notify', returnUrl: 'http://127.0.0.1/payments/result', expireAt: new Date().toISOString() };

describe('PayConnector: answers checked at run time', () => {
  let stub: StubPartner;
  let refusing: StubPartner;
  let gateway: PayConnector;
  beforeAll(async () => {
    // A gateway that answers 0000 with shapes the protocol does not have.
    stub = await startStubPartner((method, url): Envelope<unknown> => {
      if (url.startsWith('/v1/pay/orders/') && method === 'GET') return { code: '0000', message: 'ok', data: { orderId: 'x', tradeNo: 't', amountFen: '1200', status: 'paid', channel: 'wechat', paidAt: null, refundedAmountFen: 0 } };
      if (url.startsWith('/v1/pay/refunds')) return { code: '0000', message: 'ok', data: { refundId: 'RF1', orderId: 'x', status: 'done', refundedAt: '2026-12-07T00:00:00Z' } };
      if (url.startsWith('/v1/pay/statements')) return { code: '0000', message: 'ok', data: { date: '2026-12-06', entries: [{ orderId: 'x', tradeNo: 't', type: 'chargeback', amountFen: 1, at: '' }] } };
      return { code: '0000', message: 'ok', data: { tradeNo: 'T1', cashierUrl: 'javascript:alert(1)' } };
    });
    refusing = await startStubPartner(() => ({ code: BizCode.STATE_CONFLICT, message: '订单已支付', data: null }));
    gateway = new PayConnector(stub.client);
  });
  afterAll(async () => {
    await stub?.close();
    await refusing?.close();
  });

  it('turns a wrong-shaped answer into 502 PARTNER_BAD_ANSWER naming what was wrong, never a paid or refunded order', async () => {
    for (const call of [() => gateway.create(order, meta), () => gateway.query('x', meta), () => gateway.refund({ orderId: 'x', refundId: 'RF1', amountFen: 1, reason: '测试' }, meta), () => gateway.statement('2026-12-06', meta)]) {
      const err = (await call().catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect({ status: err.statusCode, code: err.code, message: err.message, partner: err.extra.details?.partner }).toEqual({ status: 502, code: 'PARTNER_BAD_ANSWER', message: '统一支付平台返回的数据格式有误，请稍后重试', partner: 'pay' });
    }
  });

  it('passes a refusal on as a PartnerRefusal with the gateway’s code and message', async () => {
    const err = await new PayConnector(refusing.client).close('x', meta).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartnerRefusal);
    expect(err).toMatchObject({ partnerCode: BizCode.STATE_CONFLICT, message: '订单已支付' });
  });
});
