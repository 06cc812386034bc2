/**
 * 不动产 (issue 14): 房屋查询, 无房证明 (个人及家庭住房情况查询单) and 不动产登记证书查验 (API.md
 * "Verification"). Decorates `app.registries` (the typed 查询 of the 不动产登记中心 and the 公积金中心)
 * and registers the `BDCZS:` verifier on POST /api/verify.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, HousesResponse, NoHouseCertificateRequest, NoHouseCertificateResponse, NO_HOUSE_VALID_DAYS } from '@dz/contracts';
import { REAL_ESTATE_QR_PREFIX } from '@dz/partner-protocol';
import { requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { RegistriesConnector } from '../../../partners/connectors/registries.js';
import { NO_HOUSE_PER_DAY, RealEstateService } from './real-estate.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** 不动产登记中心 and 住房公积金管理中心 查询, rows checked against partner-protocol's registries.ts. */
    registries: RegistriesConnector;
  }
}

const tags = ['real-estate'];
const security = [{ citizen: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody };
const REALNAME = '按登录账号的实名身份证号查询，未实名 403 REALNAME_REQUIRED；不动产登记系统不可用时 3 秒内返回 503 PARTNER_UNAVAILABLE。姓名、证件号码、权利人均脱敏。';

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const registries = new RegistriesConnector(app.bureaus);
  app.decorate('registries', registries);
  const service = new RealEstateService(app.ctx, registries, app.documents);
  // A checker scanning a 不动产权证书 / 不动产登记证明: the registry itself says whether it stands.
  app.verifiers.register(REAL_ESTATE_QR_PREFIX, (_rest, qrText) => service.verifyCertificate(qrText));

  app.get(
    '/api/real-estate/houses',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags,
        summary: '房屋查询：本人及配偶、未成年子女名下登记的房屋',
        description: REALNAME,
        security,
        response: { 200: HousesResponse, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.houses(userIdOf(req));
    },
  );

  app.post(
    '/api/real-estate/no-house-certificates',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags,
        summary: '无房证明：开具个人及家庭住房情况查询单（SM2 签名 PDF，带核验二维码）',
        description: `${REALNAME} 查询单自出具之日起 ${NO_HOUSE_VALID_DAYS} 日内有效，列入“我的证明”（GET /api/documents）；每人每天最多开具 ${NO_HOUSE_PER_DAY} 份（429）。`,
        security,
        body: NoHouseCertificateRequest,
        response: { 201: NoHouseCertificateResponse, 400: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const userId = userIdOf(req);
      const doc = await service.noHouseCertificate(userId, req.body.purpose);
      await app.ctx.audit.record({
        actorType: 'user',
        actorId: userId,
        actorName: null,
        siteCode: req.body.site ?? null,
        action: 'real-estate.no-house.issue',
        objectType: 'document',
        objectId: doc.id,
        summary: `开具住房情况查询单 ${doc.docNo}（${doc.noHouse ? '无房' : `有房 ${doc.items.length} 套`}）`,
        ip: req.ip,
        result: 'ok',
        requestId: req.id,
      });
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(doc);
    },
  );
};

export default fp(plugin, { name: 'real-estate', dependencies: ['engine-documents', 'engine-bureaus'] });
