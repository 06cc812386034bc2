/** GET / — what this process is and which systems it simulates, for whoever opens it in a browser. */
import type { FastifyInstance } from 'fastify';
import { ACCOUNT_HOLDERS, RESIDENTS, maskPhone } from './demo/residents.js';
import { html, page, sendPage } from './lib/html.js';
import type { PartnerModule } from './partners/types.js';

export async function landingRoutes(app: FastifyInstance, partners: readonly PartnerModule[], controlEnabled: boolean): Promise<void> {
  const body = html`<div class="card">
<h1>合作方系统沙箱</h1>
<p>本进程模拟各委（办、局）的业务系统，按《合作方接口协议》（docs/partner-protocol.md）应答，数据为固定的演示数据。未配置真实合作方地址时，达州分站服务端调用的就是这里。</p>
</div>
${partners.map(
  (p) => html`<section class="card" aria-labelledby="p-${p.name}">
<h2 id="p-${p.name}">${p.title}</h2>
<p class="muted">${p.owner} · 标识 <code>${p.name}</code> · ${p.signed ? '签名协议（HMAC-SM3）' : 'OAuth 2.0（不使用签名协议）'}</p>
<p>${p.description}</p>
<table><caption class="muted" style="text-align:left">接口</caption><thead><tr><th scope="col">方法与路径</th><th scope="col">说明</th></tr></thead><tbody>
${p.endpoints.map((e) => html`<tr><td><code>${e.method} ${e.path}</code></td><td>${e.summary}</td></tr>`)}
</tbody></table>
</section>`,
)}
<section class="card" aria-labelledby="people">
<h2 id="people">演示人员（虚构）</h2>
<div class="scroll"><table><thead><tr><th scope="col">姓名</th><th scope="col">身份证号</th><th scope="col">天府通办账号</th><th scope="col">用途</th></tr></thead><tbody>
${RESIDENTS.map((r) => {
  const holder = ACCOUNT_HOLDERS.find((a) => a.idNumber === r.idNumber);
  return html`<tr><td>${r.name}</td><td><code class="nowrap">${r.idNumber}</code></td><td>${holder ? html`${maskPhone(holder.phone)}<br><code>${holder.sub}</code>` : '无'}</td><td>${r.company ? `${r.role}（${r.company.name}，${r.company.creditCode}）` : r.role}</td></tr>`;
})}
</tbody></table></div>
</section>
<section class="card" aria-labelledby="ops">
<h2 id="ops">运维与测试</h2>
<p><code>GET /health</code> 健康检查。</p>
${controlEnabled
  ? html`<p><code>GET / POST / DELETE /_control/faults</code> 故障注入（延迟、错误率），仅供测试与本机使用，无鉴权，不属于合作方协议；设置 <code>SANDBOX_CONTROL=off</code> 可关闭。</p>`
  : html`<p>故障注入控制接口已关闭（SANDBOX_CONTROL=off）。</p>`}
</section>`;
  const rendered = page({ title: '天府通办 · 达州分站 合作方沙箱', subtitle: '委办局业务系统模拟', body, wide: true });
  app.get('/', async (_req, reply) => sendPage(reply, 200, rendered));
}
