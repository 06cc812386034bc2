/**
 * 达州市不动产登记中心（模拟）: the 登记簿 by household (registry.ts), the certificates' QR check
 * (certificates.ts), the 商品房 查询 (market.ts), 权属证明; 登记 decisions. The demo certificate
 * pictures are public pages (/demo/real-estate/…), like a leaflet a person could print and scan.
 */
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { BizCode, ok, type RegistryHouse, type RegistryPerson } from '@dz/partner-protocol';
import { isRecord, text } from '../../lib/body.js';
import { html, page } from '../../lib/html.js';
import { badRequest, refuse, sendEnvelope } from '../../protocol.js';
import type { BureauEnv, BureauSpec } from '../bureau/module.js';
import { maskId } from '../bureau/demo.js';
import { demoCertificates, registryOf } from './certificates.js';
import { findDevelopers, findFilings, findProjects } from './market.js';

export { qrTextOf, registryOf } from './certificates.js';
export { DEMO_CITIZEN_ID, certIdOf, generatedHousehold } from './registry.js';

/** The person's own houses (relation 'self'), as the registry has them in this sandbox. */
export function ownHouses(env: BureauEnv, idNumber: string): RegistryHouse[] {
  return registryOf(env.ctx).household(idNumber).find((p) => p.relation === 'self')?.houses ?? [];
}

/** The older 查询 row shape (property-records): the same houses as the household's own. */
function propertyRecord(h: RegistryHouse): Record<string, unknown> {
  return { certNo: h.certNo, location: h.location, area: h.buildingArea, usage: h.usage, rightType: '国有建设用地使用权/房屋所有权', registeredAt: h.registeredAt };
}

const RELATIONS = new Set(['self', 'spouse', 'child']);

/** A test's household: RegistryPerson[] (houses taken as given, each with a 证号 at least). */
function parsePeople(v: unknown): RegistryPerson[] | string {
  if (!Array.isArray(v)) return 'people 应为数组（[] 表示登记簿查无此人）';
  for (const p of v) {
    if (!isRecord(p) || typeof p.relation !== 'string' || !RELATIONS.has(p.relation) || !text(p.name, 50) || !text(p.idNumber, 18) || !Array.isArray(p.houses)) {
      return 'people 的每一项应为 {relation: self|spouse|child, name, idNumber, houses: []}';
    }
    if (!p.houses.every((h) => isRecord(h) && text(h.certNo, 100) && text(h.unitNo, 40))) return 'houses 的每一项至少应有 certNo 与 unitNo';
  }
  return v as RegistryPerson[];
}

const pngCache = new Map<string, Promise<Buffer>>();

function certificatePng(qrText: string): Promise<Buffer> {
  let png = pngCache.get(qrText);
  if (!png) {
    // ~480 px with the standard 4-module quiet zone: a phone camera or jsQR reads it off a screen.
    png = QRCode.toBuffer(qrText, { type: 'png', width: 480, margin: 4, errorCorrectionLevel: 'M' });
    pngCache.set(qrText, png);
  }
  return png;
}

const STATUS_WORDS = { valid: '有效', revoked: '已注销', 'not-found': '伪造（查无此证）' } as const;

async function demoRoutes(app: FastifyInstance): Promise<void> {
  app.get('/demo/real-estate/certificates.json', async (_req, reply) => {
    const list = demoCertificates().map(({ certId, title, status, qrText, png }) => ({ certId, title, status, qrText, png }));
    return reply.header('access-control-allow-origin', '*').header('cache-control', 'no-store').send(list);
  });

  app.get<{ Params: { file: string } }>('/demo/real-estate/certificates/:file', async (req, reply) => {
    const certId = /^([A-Z0-9]{8,20})\.png$/.exec(req.params.file)?.[1];
    const cert = demoCertificates().find((c) => c.certId === certId);
    if (!cert) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('没有这张演示证书图片');
    return reply.header('content-type', 'image/png').header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').send(await certificatePng(cert.qrText));
  });

  app.get('/demo/real-estate/certificates', async (_req, reply) => {
    const certs = demoCertificates();
    const body = html`<div class="card">
<h1>演示不动产权证书</h1>
<p>以下证书为沙箱演示数据（虚构）。用手机“扫一扫”扫描二维码，或把图片保存到相册后在达州分站“不动产登记业务证书查验”中选择图片，即可看到登记中心的查验结果：第一张有效，第二张已注销，第三张为登记中心从未签发的伪造证书。</p>
</div>
${certs.map(
  (c) => html`<section class="card" aria-labelledby="c-${c.certId}">
<h2 id="c-${c.certId}">${c.title}</h2>
<p class="muted">查验结果应为：${STATUS_WORDS[c.status]} · 证书编号 <code>${c.certId}</code></p>
<img src="${c.png}" width="240" height="240" alt="${c.title}的二维码，内容 ${c.qrText}">
<table><tbody>${c.facts.map((f) => html`<tr><th scope="row" style="text-align:left;padding-right:12px">${f.label}</th><td>${f.value}</td></tr>`)}</tbody></table>
<p class="muted">二维码内容：<code>${c.qrText}</code> · <a href="${c.png}" download="${c.certId}.png">下载图片</a></p>
</section>`,
)}`;
    const rendered = page({ title: '达州市不动产登记中心（模拟）', subtitle: '演示证书', body, wide: true });
    // Like sendPage, plus the pictures of this page itself (img-src 'self').
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
      .send(rendered);
  });
}

async function controlRoutes(app: FastifyInstance, env: BureauEnv): Promise<void> {
  const registry = registryOf(env.ctx);
  app.post('/_control/real-estate/household', async (req, reply) => {
    const body = req.body;
    const idNumber = isRecord(body) && typeof body.idNumber === 'string' && /^\d{17}[\dX]$/.test(body.idNumber.toUpperCase()) ? body.idNumber.toUpperCase() : null;
    if (!idNumber) return badRequest(reply, '请求体应为 {idNumber, people: RegistryPerson[]}，idNumber 为18位身份证号');
    const people = parsePeople(isRecord(body) ? body.people : undefined);
    if (typeof people === 'string') return badRequest(reply, people);
    registry.pin(idNumber, people);
    return sendEnvelope(reply, 200, ok({ idNumber, people: people.length }));
  });
  app.post('/_control/real-estate/reset', async (_req, reply) => {
    registry.reset();
    return sendEnvelope(reply, 200, ok({ reset: true }));
  });
  app.post<{ Params: { certId: string } }>('/_control/real-estate/certificates/:certId/revoke', async (req, reply) => {
    const reason = (isRecord(req.body) ? text(req.body.reason, 200) : null) ?? '因房屋转移登记，原证书已注销';
    if (!registry.revoke(req.params.certId, reason)) return refuse(reply, BizCode.NOT_FOUND, `登记簿中没有证书 ${req.params.certId}`);
    return sendEnvelope(reply, 200, ok({ certId: req.params.certId, status: 'revoked' }));
  });
}

export const realEstateSpec: BureauSpec = {
  name: 'real-estate',
  title: '不动产登记中心',
  owner: '达州市不动产登记中心（模拟）',
  description:
    '按身份证号查询本人及配偶、未成年子女的不动产登记（不动产单元号、坐落、面积、用途、权利人、抵押、查封），约三分之一的家庭无房；查验不动产权证书二维码（有效 / 已注销 / 查无此证）；商品房备案、开发企业、项目信息查询；出具不动产权属证明；受理不动产登记办件。演示证书图片见 /demo/real-estate/certificates。全部为演示数据。',
  refPrefix: 'BDC',
  approveComment: '已登簿，请凭受理回执领取不动产权证书或下载电子证照',
  result: (c, ref, demo, decidedAt) => {
    const day = new Date(decidedAt + 8 * 3_600_000).toISOString().slice(0, 10);
    return { 审批编号: ref, 不动产权证号: `川（${day.slice(0, 4)}）达州市不动产权第${demo.digits(7, 1)}号`, 登簿时间: day };
  },
  instant: {
    'property-proof': {
      summary: '不动产权属证明 {idNumber, name?} → 名下不动产数量与坐落（与 household 本人的房屋一致）',
      input: { idNumber: 'idNumber', name: 'name?' },
      run: (input, demo, _now, env) => {
        const houses = ownHouses(env, input.idNumber!);
        return {
          title: '不动产权属证明',
          rows: [
            ...(input.name ? [{ label: '权利人', value: input.name }] : []),
            { label: '证件号码', value: maskId(input.idNumber!) },
            { label: '名下不动产', value: houses.length === 0 ? '无' : `${houses.length}处` },
            ...houses.map((h, i) => ({ label: `坐落${i + 1}`, value: `${h.location}（${h.usage}，${h.buildingArea}㎡）` })),
            { label: '查询编号', value: `CX${demo.digits(10, 9)}` },
          ],
        };
      },
    },
  },
  query: {
    household: {
      summary: '家庭住房情况 {idNumber} → RegistryPerson[]：本人在前，再是登记簿关联的配偶、未成年子女，各自名下房屋（可能为空）',
      input: { idNumber: 'idNumber' },
      run: (input, _demo, _now, env) => registryOf(env.ctx).household(input.idNumber!) as unknown as Record<string, unknown>[],
    },
    'certificate-check': {
      summary: '不动产权证书二维码查验 {qrText}（BDCZS:…）→ [RegistryCertificateCheck]：valid | revoked | not-found',
      input: { qrText: 'qrText' },
      run: (input, _demo, _now, env) => [registryOf(env.ctx).check(input.qrText!) as unknown as Record<string, unknown>],
    },
    'property-records': {
      summary: '名下不动产登记记录 {idNumber} → {certNo, location, area, usage, rightType, registeredAt}（即 household 本人的房屋）',
      input: { idNumber: 'idNumber' },
      run: (input, _demo, _now, env) => ownHouses(env, input.idNumber!).map(propertyRecord),
    },
    filings: {
      summary: '商品房买卖合同备案 {keyword}（项目名称或合同备案号）→ {contractNo, project, building, room, area, price, filedAt, status}',
      input: { keyword: 'keyword' },
      run: (input) => findFilings(input.keyword!) as unknown as Record<string, unknown>[],
    },
    developers: {
      summary: '房地产开发企业 {keyword?} → {name, creditCode, qualification, certNo, validUntil, address, phone}',
      input: { keyword: 'keyword?' },
      run: (input) => findDevelopers(input.keyword) as unknown as Record<string, unknown>[],
    },
    projects: {
      summary: '商品房项目与预售许可 {keyword?} → {project, developer, district, presaleNo, units, soldUnits, avgPrice, status}',
      input: { keyword: 'keyword?' },
      run: (input) => findProjects(input.keyword) as unknown as Record<string, unknown>[],
    },
  },
  controlRoutes,
  publicRoutes: async (app) => demoRoutes(app),
  extraEndpoints: [
    { method: 'GET', path: '/demo/real-estate/certificates', summary: '演示不动产权证书页面（有效 / 已注销 / 伪造各一张，含二维码图片）', access: 'public' },
    { method: 'GET', path: '/demo/real-estate/certificates.json', summary: '演示证书列表 [{certId, title, status, qrText, png}]', access: 'public' },
    { method: 'GET', path: '/demo/real-estate/certificates/:certId.png', summary: '演示证书二维码图片（PNG，约480像素）', access: 'public' },
    { method: 'POST', path: '/_control/real-estate/household', summary: '测试：指定某身份证号的家庭 {idNumber, people: RegistryPerson[]}（[] 表示查无此人，即无房）', access: 'control' },
    { method: 'POST', path: '/_control/real-estate/certificates/:certId/revoke', summary: '测试：注销一本证书 {reason?}', access: 'control' },
    { method: 'POST', path: '/_control/real-estate/reset', summary: '测试：清除指定的家庭与注销', access: 'control' },
  ],
};
