import { ok } from '@dz/partner-protocol';
import { sendEnvelope } from '../../protocol.js';
import { perSandbox, type PartnerModule } from '../types.js';
import { cashierRoutes } from './cashier.js';
import { PayGateway } from './gateway.js';
import { Notifier } from './notifier.js';
import { payRoutes } from './pay.routes.js';

/** One gateway (orders) and one notifier per sandbox, shared by the signed API and the cashier. */
const state = perSandbox((ctx) => ({ gateway: new PayGateway(ctx.now), notifier: new Notifier(ctx) }));

export const payPartner: PartnerModule = {
  name: 'pay',
  title: '统一支付平台 · 收银台',
  owner: '统一支付平台（模拟）',
  description:
    '下单、查询、关单、全额退款与每日对账单（北京时间）。收银台页面按渠道（微信支付、支付宝、银联）显示，点击“确认支付”即支付成功并回到商户；随后平台向 notifyUrl 发送签名的支付通知，直到商户应答 0000（0.3秒后首次发送，之后按 1、2、4、8、16 秒与每 60 秒重试，共10次）。订单超过 expireAt 未支付即关闭。',
  signed: true,
  endpoints: [
    { method: 'POST', path: '/v1/pay/orders', summary: '下单（幂等键；同一订单号同金额返回同一交易）→ {tradeNo, cashierUrl}' },
    { method: 'GET', path: '/v1/pay/orders/:orderId', summary: '查询订单（超时未支付的订单显示为 closed）' },
    { method: 'POST', path: '/v1/pay/orders/:orderId/close', summary: '关闭订单；已支付 → 2002 订单已支付' },
    { method: 'POST', path: '/v1/pay/refunds', summary: '全额退款（幂等键；同一退款编号返回同一结果）' },
    { method: 'GET', path: '/v1/pay/statements?date=YYYY-MM-DD', summary: '对账单：当日（北京时间）的支付与退款' },
    { method: 'GET', path: '/cashier/:tradeNo', summary: '收银台页面（浏览器打开）', access: 'public' },
    { method: 'POST', path: '/cashier/:tradeNo/pay', summary: '确认支付：303 回到 returnUrl?orderId=…', access: 'public' },
    { method: 'GET', path: '/_control/pay/notifications', summary: '支付通知的投递记录（调试用）', access: 'control' },
  ],
  routes: async (app, ctx) => payRoutes(app, ctx, state(ctx).gateway),
  publicRoutes: async (app, ctx) => {
    const { gateway, notifier } = state(ctx);
    await cashierRoutes(app, gateway, notifier, ctx.now);
  },
  controlRoutes: async (app, ctx) => {
    app.get('/_control/pay/notifications', async (_req, reply) => sendEnvelope(reply, 200, ok({ notifications: state(ctx).notifier.list() })));
  },
};
