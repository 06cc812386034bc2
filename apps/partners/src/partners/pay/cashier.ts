/**
 * The gateway's cashier (收银台): the page the citizen's browser is sent to, styled per channel,
 * with one 确认支付 button (a form post, no script). Not part of the signed protocol — a browser
 * holds no secret — and, like a real cashier run by a third party, not subject to the sandbox's
 * fault injection. Paying marks the order paid, starts the notification to the merchant and sends
 * the browser back to the merchant's returnUrl (?orderId= appended).
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PayChannel } from '@dz/partner-protocol';
import { beijingDateTime } from '../../lib/beijing.js';
import { html, page, sendPage, type SafeHtml } from '../../lib/html.js';
import { yuan } from '../utility/ledger.js';
import type { PayGateway, OrderRecord } from './gateway.js';
import type { Notifier } from './notifier.js';

export const MERCHANT_NAME = '天府通办·达州';

/**
 * Brand colours darkened until white text on them (and they on white) reaches WCAG AA 4.5:1:
 * #06794A 5.5:1, #0F5FD6 5.8:1, #B3000F 7.2:1.
 */
export const CHANNEL_STYLE: Record<PayChannel, { name: string; color: string; mark: string }> = {
  wechat: { name: '微信支付', color: '#06794A', mark: '微' },
  alipay: { name: '支付宝', color: '#0F5FD6', mark: '支' },
  unionpay: { name: '银联', color: '#B3000F', mark: '银' },
};

const CASHIER_STYLE = `
.cashier{text-align:center}
.channel{display:flex;align-items:center;justify-content:center;gap:10px;margin-bottom:12px}
.channel h1{margin:0}
.mark{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;border-radius:10px;color:#fff;font-size:20px;font-weight:700;flex:none}
.subject{font-size:15px;overflow-wrap:anywhere}
.amount{font-size:40px;line-height:1.2;font-weight:700;margin:8px 0 16px;font-variant-numeric:tabular-nums}
dl.meta{text-align:left;margin:0 0 16px;font-size:14px}
dl.meta div{display:flex;justify-content:space-between;gap:12px;padding:8px 0;border-bottom:1px solid #e5e6eb}
dl.meta dt{color:#4e5969;flex:none}
dl.meta dd{margin:0;text-align:right;overflow-wrap:anywhere}
a.button{display:flex;align-items:center;justify-content:center;min-height:48px;border-radius:24px;text-decoration:none;font-weight:600;margin-top:16px}
a.button.secondary{border:1px solid;background:#fff}
.cancel{display:inline-block;margin-top:8px;padding:12px 16px;min-height:48px}
`;

/** returnUrl with ?orderId= so the merchant knows which order the browser comes back for. */
export function returnTo(order: OrderRecord): string {
  const url = new URL(order.returnUrl);
  url.searchParams.set('orderId', order.orderId);
  return url.toString();
}

/** '14分32秒' / '1小时05分' */
export function timeLeft(ms: number): string {
  if (ms <= 0) return '已超时';
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}小时${String(minutes).padStart(2, '0')}分` : `${minutes}分${String(seconds).padStart(2, '0')}秒`;
}

function channelPage(channel: PayChannel | null, heading: string, body: SafeHtml): string {
  const style = channel ? CHANNEL_STYLE[channel] : null;
  return page({
    title: style ? `${style.name} · 收银台` : '统一支付平台 · 收银台',
    subtitle: '统一支付平台（模拟）',
    ...(style ? { accent: style.color } : {}),
    style: `${CASHIER_STYLE}${style ? `.mark{background:${style.color}}` : '.mark{background:#0b57d0}'}`,
    body: html`<section class="card cashier" aria-labelledby="cashier-title">
<div class="channel"><span class="mark" aria-hidden="true">${style?.mark ?? '付'}</span><h1 id="cashier-title">${heading}</h1></div>
${body}
</section>`,
  });
}

export function checkoutPage(order: OrderRecord, now: number): string {
  const channel = CHANNEL_STYLE[order.channel];
  return channelPage(
    order.channel,
    channel.name,
    html`<p class="muted">收款方：${MERCHANT_NAME}</p>
<p class="subject">${order.subject}</p>
<p class="amount">${yuan(order.amountFen)}</p>
<dl class="meta">
<div><dt>订单号</dt><dd><code>${order.orderId}</code></dd></div>
<div><dt>交易号</dt><dd><code>${order.tradeNo}</code></dd></div>
<div><dt>剩余支付时间</dt><dd>${timeLeft(order.expireAt - now)}（${beijingDateTime(order.expireAt)} 前有效）</dd></div>
</dl>
<form method="post" action="/cashier/${order.tradeNo}/pay"><button type="submit" class="primary">确认支付</button></form>
<a class="cancel" href="${returnTo(order)}">取消支付</a>`,
  );
}

export function paidPage(order: OrderRecord): string {
  const refunded = order.refund !== null;
  return channelPage(
    order.channel,
    refunded ? '订单已退款' : '订单已支付',
    html`<p class="amount">${yuan(order.amountFen)}</p>
<p>${refunded ? '该订单已全额退款。' : `已于 ${beijingDateTime(order.paidAt ?? 0)} 支付成功，请勿重复支付。`}</p>
<p class="muted">订单号 <code>${order.orderId}</code></p>
<a class="button primary" href="${returnTo(order)}">返回商户</a>`,
  );
}

export function closedPage(order: OrderRecord): string {
  return channelPage(
    order.channel,
    '订单已关闭',
    html`<p>该订单已关闭或已超过支付时限，未扣款。请返回商户重新发起支付。</p>
<p class="muted">订单号 <code>${order.orderId}</code></p>
<a class="button primary" href="${returnTo(order)}">返回商户</a>`,
  );
}

export function notFoundPage(): string {
  return channelPage(null, '订单不存在', html`<p>未找到该支付订单，链接可能有误或已失效。请返回商户重新发起支付。</p>`);
}

export async function cashierRoutes(app: FastifyInstance, gateway: PayGateway, notifier: Notifier, now: () => number): Promise<void> {
  // The 确认支付 button posts a form; only this scope accepts form bodies.
  await app.register(formbody);

  app.setErrorHandler((err: { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error(err);
    return sendPage(reply, status, channelPage(null, '支付暂时无法完成', html`<p>${status === 500 ? '收银台暂时不可用，请稍后重试。' : '请求格式不正确，请返回商户重新发起支付。'}</p>`));
  });

  const show = (reply: FastifyReply, order: OrderRecord | undefined, closedStatus: number): FastifyReply => {
    if (!order) return sendPage(reply, 404, notFoundPage());
    const status = gateway.statusOf(order);
    if (status === 'pending') return sendPage(reply, 200, checkoutPage(order, now()));
    if (status === 'closed') return sendPage(reply, closedStatus, closedPage(order));
    return sendPage(reply, 200, paidPage(order));
  };

  app.get<{ Params: { tradeNo: string } }>('/cashier/:tradeNo', async (req, reply) => show(reply, gateway.byTradeNo(req.params.tradeNo), 200));

  app.post<{ Params: { tradeNo: string } }>('/cashier/:tradeNo/pay', async (req, reply) => {
    const order = gateway.byTradeNo(req.params.tradeNo);
    const attempt = gateway.pay(req.params.tradeNo);
    if (attempt === 'paid' && order) {
      req.log.info({ orderId: order.orderId, tradeNo: order.tradeNo }, 'cashier payment');
      notifier.schedule(order);
    }
    if ((attempt === 'paid' || attempt === 'already-paid') && order) {
      // 303: the browser follows with a GET, so a reload of the result does not post again.
      return reply.code(303).header('cache-control', 'no-store').header('location', returnTo(order)).send();
    }
    return show(reply, order, 409);
  });
}
