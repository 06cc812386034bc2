/**
 * 电子证照 and 亮证 (issue 14, API.md "Verification"): the holder's licences read from the 证照共享
 * system by identity, the 亮证 PIN, a signed 300 s 亮证 code with its check log, and the consent that
 * lets engine forms prefill from licences (免提交). Decorates `app.licenceSystem` (the connector),
 * registers the `DZLIC:` verifier on `app.verifiers` and the `licence.*` prefill on `app.forms`.
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  LICENCE_PIN_LOCK_MINUTES,
  LICENCE_PIN_MAX_FAILS,
  LICENCE_QR_PREFIX,
  LICENCE_SHOW_SECONDS,
  LicenceConsentRequest,
  LicenceEventsResponse,
  LicencePinRequest,
  LicenceShowRequest,
  LicenceShowResponse,
  LicencesResponse,
} from '@dz/contracts';
import { requireUser, userIdOf } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { LicenceConnector } from '../../partners/connectors/licence.js';
import { LicencesService } from './licences.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The 电子证照共享 system's typed client (partner `licence`). */
    licenceSystem: LicenceConnector;
    licences: LicencesService;
  }
}

const tags = ['licences'];
const security = [{ citizen: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 423: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody };
/** The licence's opaque id (16 base64url characters of a keyed digest): shape-checked before any lookup. */
const IdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{16}$', title: '证照' }) });
const FormCodeParam = Type.Object({ formCode: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', title: '表单' }) });
const REALNAME = '需实名认证（403 REALNAME_REQUIRED）；企业账号按统一社会信用代码查询企业证照；电子证照系统不可用时 3 秒内返回 503 PARTNER_UNAVAILABLE。';

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const connector = new LicenceConnector(app.ctx.partners);
  app.decorate('licenceSystem', connector);
  const licences = new LicencesService(app.ctx, connector, app.documents.signer, app.sms);
  app.decorate('licences', licences);
  app.verifiers.register(LICENCE_QR_PREFIX, (rest, _text, context) => licences.verify(rest, context));
  app.forms.setLicencePrefill({ consented: (userId, formCode) => licences.consented(userId, formCode), values: (userId, sources) => licences.prefillValues(userId, sources) });

  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  app.get(
    '/api/licences',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '我的电子证照：按登录身份从电子证照共享平台读取（身份证、社保卡、驾驶证、行驶证、不动产权证书、公积金账户卡；企业账号为营业执照）',
        description: `证照号码、地址等均已脱敏；id 为证照号码的密钥摘要。pinSet 表示是否已设置亮证密码，pinLockedUntil 为锁定截止时间。${REALNAME}`,
        security,
        response: { 200: LicencesResponse, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return licences.list(userIdOf(req), req.id);
    },
  );

  app.post(
    '/api/licences/pin',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags,
        summary: '设置（或重设）6位亮证密码',
        description:
          '短信验证码先以 purpose=licence-pin 通过 POST /api/auth/sms-codes 发送到登录手机号。不接受6位相同数字、连续数字（123456 / 654321）、出生日期或身份证号后6位（400，说明原因）。重设同时解除锁定。',
        security,
        body: LicencePinRequest,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await licences.setPin(userIdOf(req), req.body.pin, req.body.smsCode, meta(req));
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/licences/:id/show',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags,
        summary: `亮证：验证亮证密码后签发 ${LICENCE_SHOW_SECONDS} 秒有效的亮证码（SM2 签名）`,
        description: `未设置密码 409 LICENCE_PIN_NOT_SET；密码错误 400 LICENCE_PIN_WRONG（details.attemptsLeft）；连续 ${LICENCE_PIN_MAX_FAILS} 次错误锁定 ${LICENCE_PIN_LOCK_MINUTES} 分钟 423 LICENCE_PIN_LOCKED（details.lockedUntil）；证照在发证机关已注销或过期 409 LICENCE_NOT_VALID；他人或不存在的证照 404。watermark 为北京时间，供证照图片加水印。`,
        security,
        params: IdParam,
        body: LicenceShowRequest,
        response: { 201: LicenceShowResponse, ...errors },
      },
    },
    async (req, reply) => {
      const shown = await licences.show(userIdOf(req), req.params.id, req.body.pin, meta(req));
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(shown);
    },
  );

  app.get(
    '/api/licences/:id/events',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '亮证记录：本人该证照的亮证与每次被核验的结果和核验人（最新在前，最多50条）',
        description: '核验人显示为“张*（实名用户）”“工作人员 李*”或“匿名核验”。他人或不存在的证照 404。',
        security,
        params: IdParam,
        response: { 200: LicenceEventsResponse, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return licences.events(userIdOf(req), req.params.id, req.id);
    },
  );

  app.post(
    '/api/licences/consents',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags,
        summary: '免提交：同意该表单从本人电子证照预填（每个表单同意一次）',
        description: `同意后 GET /api/forms/:code 的 prefill 带上 licence.* 字段的值。${REALNAME}`,
        security,
        body: LicenceConsentRequest,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await licences.consent(userIdOf(req), req.body.formCode, meta(req));
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/licences/consents/:formCode',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: { tags, summary: '免提交：撤回该表单调用电子证照的授权', security, params: FormCodeParam, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await licences.withdrawConsent(userIdOf(req), req.params.formCode, meta(req));
      return reply.code(204).send();
    },
  );
};

export default fp(plugin, { name: 'licences', dependencies: ['engine-documents', 'engine-forms', 'sms'] });
