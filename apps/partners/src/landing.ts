/** GET / — what this process is and which systems it simulates, for whoever opens it in a browser. */
import type { FastifyInstance } from 'fastify';
import { ACCOUNT_HOLDERS, RESIDENTS, maskPhone } from './demo/residents.js';
import { GAS_ACCOUNTS, WATER_ACCOUNTS, type DemoUtilityAccount } from './demo/utilities.js';
import { html, page, sendPage } from './lib/html.js';
import type { PartnerEndpoint, PartnerModule } from './partners/types.js';

const ACCESS_LABEL: Record<NonNullable<PartnerEndpoint['access']>, string> = { signed: '签名', public: '浏览器，不签名', control: '测试控制，无鉴权' };

/** The module's endpoints as listed: the generic ping first for a signed system; control ones only when on. */
function listedEndpoints(p: PartnerModule, controlEnabled: boolean): Required<PartnerEndpoint>[] {
  const fallback = p.signed ? 'signed' : 'public';
  const own = p.endpoints.map((e) => ({ ...e, access: e.access ?? fallback }));
  const ping: Required<PartnerEndpoint>[] = p.signed ? [{ method: 'GET', path: `/v1/${p.name}/ping`, summary: '连通性检查 → {partner, time}', access: 'signed' }] : [];
  return [...ping, ...own].filter((e) => e.access !== 'control' || controlEnabled);
}

function accountRows(accounts: readonly DemoUtilityAccount[], kindName: string) {
  return accounts.map((a) => {
    const owner = RESIDENTS.find((r) => r.idNumber === a.ownerIdNumber);
    return html`<tr><td>${kindName}</td><td><code class="nowrap">${a.accountNo}</code></td><td>${owner ? owner.name : '（无，仅可按号码查询）'}</td><td>${a.holderName}</td><td>${a.unitName}<br><span class="muted">${a.address}</span></td><td>最近${a.unpaidBills}期</td></tr>`;
  });
}

export async function landingRoutes(app: FastifyInstance, partners: readonly PartnerModule[], controlEnabled: boolean): Promise<void> {
  const body = html`<div class="card">
<h1>合作方系统沙箱</h1>
<p>本进程模拟各委（办、局）与公用事业单位的业务系统，按《合作方接口协议》（docs/partner-protocol.md）应答，数据为固定的演示数据（缴费、订单等状态保存在内存中，重启即复位）。未配置真实合作方地址时，达州分站服务端调用的就是这里。</p>
</div>
${partners.map(
  (p) => html`<section class="card" aria-labelledby="p-${p.name}">
<h2 id="p-${p.name}">${p.title}</h2>
<p class="muted">${p.owner} · 标识 <code>${p.name}</code> · ${p.signed ? '签名协议（HMAC-SM3）' : 'OAuth 2.0（不使用签名协议）'}</p>
<p>${p.description}</p>
<div class="scroll"><table><caption class="muted" style="text-align:left">接口</caption><thead><tr><th scope="col">方法与路径</th><th scope="col">说明</th><th scope="col">调用方式</th></tr></thead><tbody>
${listedEndpoints(p, controlEnabled).map((e) => html`<tr><td><code>${e.method} ${e.path}</code></td><td>${e.summary}</td><td>${p.signed || e.access !== 'public' ? ACCESS_LABEL[e.access] : 'OAuth'}</td></tr>`)}
</tbody></table></div>
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
<section class="card" aria-labelledby="accounts">
<h2 id="accounts">演示水费、燃气户号（虚构）</h2>
<p>每个户号有截至上月（北京时间）的12期月账单，最近几期未缴，更早的已缴（营业厅或银行代扣）。用量由户号与账期确定性地生成：水 8.0–25.0 立方米、2.95元/立方米；燃气 15.0–40.0 立方米、2.52元/立方米。按身份证号查询只返回名册中本人的户号。</p>
<div class="scroll"><table><thead><tr><th scope="col">类别</th><th scope="col">户号</th><th scope="col">户主（名册）</th><th scope="col">户名</th><th scope="col">缴费单位与地址</th><th scope="col">未缴</th></tr></thead><tbody>
${accountRows(WATER_ACCOUNTS, '水费')}
${accountRows(GAS_ACCOUNTS, '燃气')}
</tbody></table></div>
</section>
${partners.some((p) => p.name === 'bus')
  ? html`<section class="card" aria-labelledby="transit">
<h2 id="transit">演示公交时刻表（虚构）</h2>
<p>公交公司按 <code>data/gtfs/dazhou-demo</code> 的演示 GTFS 时刻表运行车辆（控制台导入的也是这一份，线路与站点 id 见该目录的 README.md）：通川区、达川区 10 条线路（1、2、3、5、6、8、10、12路，按发车间隔运营的快速公交 K1，过零点运行的夜班 N1），工作日与周末两套时刻，2026-12-19 调休上班按工作日、元旦按周末运行。换乘枢纽：达州站（<code>TC001</code>，1站台 <code>TC001A</code>、2站台 <code>TC001B</code>）、西外 <code>TC010</code>、朝阳中路 <code>TC020</code>、达州市中心医院 <code>TC030</code>、南外 <code>TC050</code>、三里坪 <code>DC001</code>、长田坝 <code>DC010</code>。实时数据为 protobuf，浏览器无法直接查看，可用 <code>gtfs-realtime-bindings</code> 解码。</p>
</section>`
  : ''}
<section class="card" aria-labelledby="ops">
<h2 id="ops">运维与测试</h2>
<p><code>GET /health</code> 健康检查。</p>
${controlEnabled
  ? html`<p><code>GET / POST / DELETE /_control/faults</code> 故障注入（延迟、错误率），<code>GET /_control/pay/notifications</code> 支付通知投递记录；仅供测试与本机使用，无鉴权，不属于合作方协议；设置 <code>SANDBOX_CONTROL=off</code> 可关闭。故障注入不作用于收银台页面。</p>`
  : html`<p>测试控制接口已关闭（SANDBOX_CONTROL=off）。</p>`}
</section>`;
  const rendered = page({ title: '天府通办 · 达州分站 合作方沙箱', subtitle: '委办局业务系统模拟', body, wide: true });
  app.get('/', async (_req, reply) => sendPage(reply, 200, rendered));
}
