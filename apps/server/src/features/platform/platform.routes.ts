import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['platform'],
        summary: '健康检查：数据库可用时返回 ok',
        response: { 200: Type.Object({ status: Type.Literal('ok'), db: Type.Union([Type.Literal('sqlite'), Type.Literal('mysql')]) }) },
      },
    },
    async () => {
      await sql`select 1`.execute(app.ctx.db);
      return { status: 'ok' as const, db: app.ctx.dialect };
    },
  );

  app.get(
    '/api/version',
    { schema: { tags: ['platform'], summary: '当前版本（设置 → 版本更新）', response: { 200: Type.Object({ version: Type.String(), releasedAt: Type.String(), notes: Type.Array(Type.String()) }) } } },
    async () => ({ version: app.ctx.config.version, releasedAt: '2026-11-28', notes: ['账号体系：个人 / 法人注册、短信登录、三方登录、实名认证', '长辈版与无障碍适配'] }),
  );
};

export default fp(plugin, { name: 'platform' });
