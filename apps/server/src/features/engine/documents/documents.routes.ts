import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { DOCUMENT_QR_PREFIX, DocumentList, ErrorBody, VerifyBody, VerifyResult } from '@dz/contracts';
import { STAFF_COOKIE, optionalUser, requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { loadStaffContext, type StaffContext } from '../../admin-auth/staff-guard.js';
import { DocumentsService } from './documents.service.js';
import { DocumentSigner } from './documents.signer.js';
import { VerifierRegistry } from './verifiers.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** POST /api/verify's checkers by QR prefix; 亮证 and 不动产 (later issues) register theirs here. */
    verifiers: VerifierRegistry;
  }
}

/**
 * The console session behind a request, if any and fully set up — for routes that citizens and
 * staff share. Never throws: a missing or half-set-up session is simply not staff.
 */
async function optionalStaff(req: FastifyRequest): Promise<StaffContext | null> {
  const token = req.cookies[STAFF_COOKIE];
  if (!token) return null;
  const session = await req.server.ctx.sessions.touch('staff', token);
  if (!session) return null;
  const staff = await loadStaffContext(req, session.subjectId);
  if (!staff || staff.mustChangePassword || !staff.otpEnrolled) return null;
  return staff;
}

/** 文书: the signed PDFs this platform issues, and POST /api/verify for whatever a checker scans. */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const signer = DocumentSigner.fromConfig(app.ctx.config);
  const documents = new DocumentsService(app.ctx, signer, app.files);
  if (!documents.font) {
    app.log.warn('未找到中文字体：文书（PDF）无法生成。请安装 fonts-noto-cjk，或设置 PDF_FONT（.ttc 字体另设 PDF_FONT_FAMILY）');
  }
  app.decorate('documents', documents);
  const verifiers = new VerifierRegistry();
  verifiers.register(DOCUMENT_QR_PREFIX, (rest) => documents.verify(rest));
  app.decorate('verifiers', verifiers);

  app.get(
    '/api/documents',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags: ['documents'],
        summary: '我的文书：本人名下签发的证明、回执与决定书',
        security: [{ citizen: [] }],
        response: { 200: DocumentList, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: await documents.listForUser(userIdOf(req)) };
    },
  );

  app.get(
    '/api/documents/:id/pdf',
    {
      preHandler: optionalUser,
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags: ['documents'],
        summary: '下载文书 PDF（本人；或有“办件受理”权限且办件在其管辖站点内的工作人员）',
        description: '其他人一律返回 404。PDF 内嵌中文字体，带 SM2 签名与核验二维码。',
        security: [{ citizen: [] }, { staff: [] }],
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        produces: ['application/pdf'],
        response: { 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const staff = req.userId == null ? await optionalStaff(req) : null;
      const pdf = await documents.pdfFor({ userId: req.userId, staff }, req.params.id);
      if (staff) {
        // Staff reading a citizen's document is a view of personal data: it leaves a trace.
        await app.ctx.audit.record({
          actorType: 'staff',
          actorId: staff.id,
          actorName: staff.username,
          siteCode: pdf.siteCode,
          action: 'document.view',
          objectType: 'document',
          objectId: req.params.id,
          summary: `查看文书 ${pdf.filename}`,
          ip: req.ip,
          result: 'ok',
          requestId: req.id,
        });
      }
      // An ASCII fallback name for old clients, the Chinese one per RFC 5987 / 6266.
      const ascii = pdf.filename.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '').replace(/^-+/, '') || 'document.pdf';
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(pdf.filename)}`)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(pdf.content as never);
    },
  );

  app.post(
    '/api/verify',
    {
      // Anyone may check; a session, when present, names the checker to a 亮证 holder.
      preHandler: optionalUser,
      // Per IP like the other public look-ups, so ids cannot be probed in bulk.
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['documents'],
        summary: '核验：文书二维码、亮证码、不动产权证书二维码',
        description: '无需登录。返回是否有效、种类、持有人（脱敏）、签发与到期时间；无效时 reason 说明原因。',
        body: VerifyBody,
        response: { 200: VerifyResult, 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const staff = req.userId == null ? await optionalStaff(req) : null;
      return verifiers.verify(req.body.qrText, { userId: req.userId ?? null, staffName: staff?.displayName || staff?.username || null, ip: req.ip });
    },
  );
};

export default fp(plugin, { name: 'engine-documents', dependencies: ['files'] });
