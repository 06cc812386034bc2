import type { Kysely } from 'kysely';

/**
 * The payment gateway belongs to the platform (issue 8): a county-level configuration of `pay`
 * could point notifications at a secret of the county's choosing and have orders declared paid
 * with no money moving. Such rows are removed — the server ignores them anyway — and each removal
 * is written to the audit log, so the console's dashboard shows what was there and who had set it.
 *
 * Nothing else changes in the schema: the new permission (payment:gateway) lives in role rows, the
 * 支付平台管理员 role is inserted by the seed at the next start like every missing built-in role,
 * and the 站点管理员 role keeps its permissions (it never had this one).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const platform = (await db.selectFrom('sites').select('code').where('level', 'in', ['province', 'city']).execute()).map((r: { code: string }) => r.code);
  let q = db.selectFrom('partner_endpoints').select(['id', 'site_code', 'base_url', 'app_key', 'updated_by', 'updated_at']).where('partner', '=', 'pay');
  if (platform.length) q = q.where('site_code', 'not in', platform);
  const rows = (await q.execute()) as { id: number; site_code: string; base_url: string; app_key: string; updated_by: string; updated_at: string }[];
  if (!rows.length) return;
  await db
    .deleteFrom('partner_endpoints')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const at = new Date().toISOString();
  await db
    .insertInto('audit_log')
    .values(
      rows.map((r) => ({
        at,
        actor_type: 'system',
        actor_id: null,
        actor_name: '迁移 0004',
        site_code: r.site_code,
        action: 'partners.migration',
        object_type: 'partner',
        object_id: 'pay',
        summary: `删除区县站点 ${r.site_code} 的统一支付平台配置（${r.base_url}，AppKey ${r.app_key}，${r.updated_by} 于 ${r.updated_at} 设置）：支付平台只由市级平台配置`,
        ip: null,
        result: 'ok',
        request_id: null,
      })),
    )
    .execute();
}

/** The removed rows are not restored: they must never apply again. */
export async function down(): Promise<void> {}
