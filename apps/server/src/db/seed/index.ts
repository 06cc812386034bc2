/**
 * Idempotent seed: safe to run at every start. It inserts what is missing and never overwrites
 * what an operator changed. Demo rows are marked as demo (DOMAIN.md "Demo data").
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../infra/context.js';
import { nowIso } from '../../infra/time.js';
import { SITES } from './sites.js';
import { seedRoles } from './roles.js';
import { seedPortal } from './portal/index.js';
import { seedAppointments } from './appointments.js';
import { seedEngine } from './engine/index.js';
import { seedInteractions } from './interactions/index.js';
import { seedFaqs } from './faqs/index.js';
import { seedDefaultPages } from '../../features/pages/pages.seed.js';
import { seedTransitPlaces } from './transit-places.js';
import { seedTransit, shouldSeedTransit } from './transit.js';
import { seedHousingFundRates } from './housing-fund-rates.js';
import { seedCulture } from './culture/index.js';

export interface SeedOptions {
  onAdminPasswordGenerated?: ((password: string) => void) | undefined;
}

/** The demo citizen of API.md: checksum-valid invented identity, real-name verified. */
export const DEMO_CITIZEN = {
  phone: '13900000001',
  password: 'Demo@2026',
  name: '张三',
  idNumber: '511702199001011231',
  username: 'demo_zhangsan',
};

/**
 * The demo company (法人) of the 企业开办 / 个体户 demos: the sandbox roster's corporate person
 * (apps/partners/src/demo/residents.ts: 赵敏, 法定代表人 of an invented 示例 company with a
 * checksum-valid invented credit code), so the 统一身份认证 sandbox and the bureau sandboxes know
 * the same company. Real-name verified, embedded profile only, like the demo citizen.
 */
export const DEMO_COMPANY = {
  phone: '13900000004',
  password: 'Demo@2026',
  corpName: '达州市通川区示例商贸有限公司',
  creditCode: '91511702MA6A0D1766',
  legalName: '赵敏',
  legalIdNumber: '511703198008182465',
  username: 'demo_company',
};

const DEMO_DEPARTMENTS: [string, string, string][] = [
  ['511700', 'SZFW', '达州市政务服务管理局'],
  ['511700', 'SGA', '达州市公安局'],
  ['511700', 'SRS', '达州市人力资源和社会保障局'],
  ['511700', 'SGJJ', '达州市住房公积金管理中心'],
  ['511700', 'SBDC', '达州市不动产登记中心'],
  ['511702', 'TCZW', '通川区政务服务和大数据管理局'],
  ['511722', 'XHZW', '宣汉县政务服务和大数据管理局'],
];

function generatePassword(): string {
  // 16 chars from four classes so it always satisfies the policy.
  const pick = (s: string) => s[randomBytes(1)[0]! % s.length]!;
  const base = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${pick('abcdefghijkmnpqrstuvwxyz')}${pick('23456789')}${pick('@#%+=')}${base}`;
}

export async function seed(ctx: AppContext, opts: SeedOptions = {}): Promise<void> {
  const { db, gm } = ctx;
  const now = nowIso();

  const haveSites = new Set((await db.selectFrom('sites').select('code').execute()).map((r) => r.code));
  const missingSites = SITES.filter((s) => !haveSites.has(s.code));
  if (missingSites.length) await db.insertInto('sites').values(missingSites.map((s) => ({ ...s }))).execute();

  for (const [site, code, name] of DEMO_DEPARTMENTS) {
    const exists = await db.selectFrom('departments').select('id').where('site_code', '=', site).where('code', '=', code).executeTakeFirst();
    if (!exists) await db.insertInto('departments').values({ site_code: site, code, name, sort: 0, created_at: now }).execute();
  }

  await seedRoles(ctx, now);

  await seedDefaultPages(ctx);

  const admin = await db.selectFrom('staff').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (!admin) {
    const given = ctx.config.adminInitialPassword;
    const password = given ?? generatePassword();
    const res = await db
      .insertInto('staff')
      .values({
        username: 'admin',
        display_name: '超级管理员',
        site_code: '510000',
        password_hash: await ctx.passwords.hash(password),
        must_change_password: 1,
        status: 'active',
        failed_logins: 0,
        created_at: now,
        updated_at: now,
      })
      .executeTakeFirstOrThrow();
    const role = await db.selectFrom('roles').select('id').where('code', '=', 'super_admin').executeTakeFirstOrThrow();
    await db.insertInto('staff_roles').values({ staff_id: Number(res.insertId), role_id: role.id }).execute();
    if (!given) opts.onAdminPasswordGenerated?.(password);
    await ctx.audit.record({ actorType: 'system', actorId: null, actorName: 'seed', siteCode: '510000', action: 'staff.create', objectType: 'staff', objectId: Number(res.insertId), summary: '初始化超级管理员 admin', result: 'ok' });
  }

  if (ctx.config.profile === 'embedded') {
    const phoneIdx = gm.blindIndex('phone', DEMO_CITIZEN.phone);
    const demo = await db.selectFrom('users').select('id').where('phone_idx', '=', phoneIdx).executeTakeFirst();
    if (!demo) {
      await db
        .insertInto('users')
        .values({
          kind: 'person',
          phone_enc: gm.encrypt(DEMO_CITIZEN.phone),
          phone_idx: phoneIdx,
          name_enc: gm.encrypt(DEMO_CITIZEN.name),
          id_number_enc: gm.encrypt(DEMO_CITIZEN.idNumber),
          id_number_idx: gm.blindIndex('id', DEMO_CITIZEN.idNumber),
          username: DEMO_CITIZEN.username,
          password_hash: await ctx.passwords.hash(DEMO_CITIZEN.password),
          real_name_verified: 1,
          real_name_verified_at: now,
          status: 'active',
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    const companyPhoneIdx = gm.blindIndex('phone', DEMO_COMPANY.phone);
    const company = await db.selectFrom('users').select('id').where('phone_idx', '=', companyPhoneIdx).executeTakeFirst();
    if (!company) {
      await db
        .insertInto('users')
        .values({
          kind: 'corp',
          phone_enc: gm.encrypt(DEMO_COMPANY.phone),
          phone_idx: companyPhoneIdx,
          name_enc: gm.encrypt(DEMO_COMPANY.legalName),
          id_number_enc: gm.encrypt(DEMO_COMPANY.legalIdNumber),
          id_number_idx: gm.blindIndex('id', DEMO_COMPANY.legalIdNumber),
          username: DEMO_COMPANY.username,
          corp_name: DEMO_COMPANY.corpName,
          credit_code_enc: gm.encrypt(DEMO_COMPANY.creditCode),
          credit_code_idx: gm.blindIndex('credit', DEMO_COMPANY.creditCode),
          password_hash: await ctx.passwords.hash(DEMO_COMPANY.password),
          real_name_verified: 1,
          real_name_verified_at: now,
          status: 'active',
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    const provider = await db.selectFrom('oauth_providers').select('id').where('code', '=', 'tfst').executeTakeFirst();
    if (!provider) {
      const base = ctx.config.partnersBaseUrl.replace(/\/$/, '');
      await db
        .insertInto('oauth_providers')
        .values({
          code: 'tfst',
          name: '天府通办统一身份认证',
          authorize_url: `${base}/v1/oauth/authorize`,
          token_url: `${base}/v1/oauth/token`,
          userinfo_url: `${base}/v1/oauth/userinfo`,
          client_id: 'dz-portal',
          client_secret_enc: gm.encrypt('sandbox-oauth-client-secret'),
          scope: 'openid profile idcard phone',
          enabled: 1,
          created_at: now,
        })
        .execute();
    }
  }

  // The catalogue first: the appointment halls route the site's bookable items to windows.
  await seedPortal(ctx);
  await seedAppointments(ctx);
  // After the catalogue: the engine's forms belong to its items and its 掌上办 apps open them.
  await seedEngine(ctx);
  // 互动's forms and workflows (and the demo's items): engine cases of their own kind.
  await seedInteractions(ctx);
  // 互动: 常见问题 and 答复模板 (after the portal's departments, which the templates name).
  await seedFaqs(ctx);
  // 公共交通: the demo landmarks of 路线规划's place search (达州站, 达州市中心医院 …), beside the demo feed.
  if (ctx.config.profile === 'embedded') await seedTransitPlaces(ctx);
  // 公共交通: the demo GTFS feed for 达州市 when it has none (embedded profile; tests call seedTransit when they need it).
  if (shouldSeedTransit(ctx)) await seedTransit(ctx);
  // 公积金利率 of 达州市 (counties inherit them), while the city has none.
  await seedHousingFundRates(ctx);
  // 旅游 and 文体教育: demo scenic spots (实景图 in the file centre) and 资助政策, while missing.
  await seedCulture(ctx);
}
