import { envelopeFault } from '../../faults.js';
import { sendPage } from '../../lib/html.js';
import type { PartnerModule } from '../types.js';
import { idpRoutes } from './idp.routes.js';
import { errorPage } from './pages.js';

export const idpPartner: PartnerModule = {
  name: 'idp',
  title: '天府通办统一身份认证',
  owner: '四川省一体化政务服务平台（模拟）',
  description: 'OAuth 2.0 授权码模式 + PKCE（S256）。浏览器与 OAuth 端点，不使用签名协议：客户端以 client_secret 认证，授权码由 PKCE 绑定。',
  signed: false,
  endpoints: [
    { method: 'GET', path: '/v1/oauth/authorize', summary: '授权页（选择演示账号）' },
    { method: 'POST', path: '/v1/oauth/authorize', summary: '同意或取消，302 回到 redirect_uri' },
    { method: 'POST', path: '/v1/oauth/token', summary: '授权码换访问令牌' },
    { method: 'GET', path: '/v1/oauth/userinfo', summary: '用户信息 {sub, name, idNumber, phone}' },
  ],
  // The browser-facing pages fail as a page, not as JSON a person cannot read.
  faultResponder: (req, reply) =>
    req.url.startsWith('/v1/oauth/authorize')
      ? sendPage(reply, 500, errorPage('统一身份认证服务暂时不可用（沙箱注入的故障），请稍后重试。'))
      : envelopeFault(req, reply),
  routes: idpRoutes,
};
