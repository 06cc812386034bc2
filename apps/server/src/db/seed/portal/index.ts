/**
 * Seeds the portal catalogue: departments, items, zones, apps, news and the welcome message.
 * Like the foundation seed it runs at every start and only inserts rows that are missing, found
 * by their natural key ((site_code, code); news by (site_code, title)), so an operator's edits
 * survive restarts. It reads each table once and inserts in batches: every test builds a fresh
 * app, so a seed of a few hundred single-row round trips would slow the whole suite.
 */
import type { Kysely } from 'kysely';
import { isAppRoute } from '@dz/contracts';
import type { DB } from '../../schema.js';
import type { AppContext } from '../../../infra/context.js';
import { nowIso } from '../../../infra/time.js';
import { recordContentChange } from '../../../features/search/content-changes.js';
import { SEED_DEPARTMENTS } from './departments.js';
import { SEED_ITEMS } from './items.js';
import { SEED_ZONES } from './zones.js';
import { SEED_APPS } from './apps.js';
import { SEED_NEWS, WELCOME_MESSAGE } from './news.js';

/** The site every theme zone and app of the requirements belongs to. */
export const PORTAL_SITE = '511700';

/**
 * Built apps that are live (the others of the 21 stay 即将上线 until their issue). Keep in step with
 * migration 0003, which switches them on in databases seeded before they were built.
 */
export const LIVE_APPS = new Set([
  'water-payment',
  'water-bill-query',
  'utility-install',
  'gas-payment',
  'gas-bill-query',
  'gas-install',
  'hospital-booking',
  'registration-payment',
  'lab-report-query',
  'realtime-bus',
  'charging-pile-query',
  // issue 15: 旅游 and 文体教育
  'scenic-intro',
  'scenic-booking',
  'zhongkao-score',
  'aid-policy-query',
  'library-booking',
  // issue 14: 不动产 and 公积金 (upgradeApps switches them on in catalogues seeded before)
  'house-query',
  'no-house-certificate',
  'property-cert-verify',
  'hf-account',
  'hf-loan-calculator',
  'hf-rates',
  'hf-partner-estates',
  'hf-service-points',
]);

const key = (site: string, code: string) => `${site}\u0000${code}`;

async function insertBatches<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) await insert(rows.slice(i, i + 50));
}

async function seedDepartments(db: Kysely<DB>, now: string): Promise<Map<string, number>> {
  const sites = [...new Set(SEED_DEPARTMENTS.map((d) => d.site))];
  const have = new Set((await db.selectFrom('departments').select(['site_code', 'code']).where('site_code', 'in', sites).execute()).map((r) => key(r.site_code, r.code)));
  const missing = SEED_DEPARTMENTS.filter((d) => !have.has(key(d.site, d.code)));
  await insertBatches(missing, (chunk) =>
    db
      .insertInto('departments')
      .values(chunk.map((d) => ({ site_code: d.site, code: d.code, name: d.name, sort: SEED_DEPARTMENTS.indexOf(d), created_at: now })))
      .execute(),
  );
  const rows = await db.selectFrom('departments').select(['id', 'site_code', 'code']).where('site_code', 'in', sites).execute();
  return new Map(rows.map((r) => [key(r.site_code, r.code), r.id]));
}

async function seedItems(db: Kysely<DB>, departments: Map<string, number>, now: string): Promise<Map<string, number>> {
  const sites = [...new Set(SEED_ITEMS.map((i) => i.site))];
  const have = new Set((await db.selectFrom('items').select(['site_code', 'code']).where('site_code', 'in', sites).execute()).map((r) => key(r.site_code, r.code)));
  const missing = SEED_ITEMS.filter((i) => !have.has(key(i.site, i.code)));
  await insertBatches(missing, (chunk) =>
    db
      .insertInto('items')
      .values(
        chunk.map((i) => {
          const departmentId = departments.get(key(i.site, i.departmentCode));
          if (departmentId === undefined) throw new Error(`seed: department ${i.site}/${i.departmentCode} missing`);
          return {
            site_code: i.site,
            code: i.code,
            name: i.name,
            department_id: departmentId,
            audience: i.audience,
            theme: i.theme,
            subject: i.subject,
            time_limit: i.timeLimit,
            charge: i.charge,
            legal_basis: i.legalBasis,
            materials: JSON.stringify(i.materials),
            steps: JSON.stringify(i.steps),
            windows: JSON.stringify(i.windows),
            online: i.online ? 1 : 0,
            online_url: null,
            bookable: i.bookable ? 1 : 0,
            keywords: i.keywords,
            status: 'online' as const,
            popularity: 0,
            sort: i.sort,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .execute(),
  );
  const rows = await db.selectFrom('items').select(['id', 'site_code', 'code']).where('site_code', 'in', sites).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function seedZones(db: Kysely<DB>, now: string): Promise<void> {
  const have = new Set((await db.selectFrom('zones').select('code').where('site_code', '=', PORTAL_SITE).execute()).map((r) => r.code));
  const missing = SEED_ZONES.filter((z) => !have.has(z.code));
  if (!missing.length) return;
  await db
    .insertInto('zones')
    .values(
      missing.map((z) => ({
        site_code: PORTAL_SITE,
        code: z.code,
        name: z.name,
        icon: z.icon,
        color: z.color,
        intro: z.intro,
        banner_url: null,
        groups: JSON.stringify(z.groups),
        sort: SEED_ZONES.indexOf(z),
        status: 'online' as const,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

async function seedApps(db: Kysely<DB>, items: Map<string, number>, now: string): Promise<void> {
  const have = new Set((await db.selectFrom('apps').select('code').where('site_code', '=', PORTAL_SITE).execute()).map((r) => r.code));
  const missing = SEED_APPS.filter((a) => !have.has(a.code));
  await insertBatches(missing, (chunk) =>
    db
      .insertInto('apps')
      .values(
        chunk.map((a) => {
          const itemId = a.itemCode ? items.get(a.itemCode) : undefined;
          // An item app whose item an operator deleted degrades to an entry to configure.
          const kind = a.kind === 'item' && itemId === undefined ? 'external' : a.kind;
          const target = kind === 'route' ? (a.target ?? `/apps/${a.code}`) : kind === 'item' ? String(itemId) : kind === 'form' ? (a.formCode ?? '') : '';
          return {
            site_code: PORTAL_SITE,
            code: a.code,
            name: a.name,
            icon: a.icon,
            zone_code: a.zone,
            group_title: a.group,
            themes: JSON.stringify(a.themes),
            audience: JSON.stringify(a.audience),
            keywords: a.keywords,
            kind,
            target,
            // The 掌上办 apps lead to a live item guide, and the built apps are live; everything else
            // waits for its issue or its URL.
            // (a form app's form is seeded right after the catalogue: db/seed/engine)
            status: kind === 'item' || kind === 'form' || LIVE_APPS.has(a.code) || (kind === 'route' && a.target !== undefined && isAppRoute(a.target)) ? ('online' as const) : ('coming' as const),
            is_palm: a.palm ? 1 : 0,
            description: a.description,
            popularity: 0,
            sort: a.sort,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .execute(),
  );
}

async function seedNews(db: Kysely<DB>, now: string): Promise<void> {
  const sites = [...new Set(SEED_NEWS.map((n) => n.site))];
  const have = new Set((await db.selectFrom('news').select(['site_code', 'title']).where('site_code', 'in', sites).execute()).map((r) => key(r.site_code, r.title)));
  const missing = SEED_NEWS.filter((n) => !have.has(key(n.site, n.title)));
  if (!missing.length) return;
  const base = Date.parse(now);
  await db
    .insertInto('news')
    .values(
      missing.map((n) => ({
        site_code: n.site,
        title: n.title,
        cover_url: null,
        summary: n.summary,
        content: n.content,
        status: 'published' as const,
        published_at: new Date(base - n.daysAgo * 86_400_000).toISOString(),
        popularity: 0,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

async function seedWelcome(db: Kysely<DB>, now: string): Promise<void> {
  const exists = await db.selectFrom('messages').select('id').where('title', '=', WELCOME_MESSAGE.title).where('site_code', 'is', null).where('user_id', 'is', null).executeTakeFirst();
  if (!exists) await db.insertInto('messages').values({ ...WELCOME_MESSAGE, site_code: null, user_id: null, created_by: null, created_at: now }).execute();
}

/**
 * Apps whose entry changed after catalogues were seeded (issue 10: 政务服务好差评 opens 我的评价;
 * issue 12: the 医疗就诊 我要查 entries became 查询 forms of the engine, whose forms the engine seed
 * writes right after). A row is switched only while it is still the 即将上线 entry without an
 * address the earlier seed wrote; its description only while it is the generic one. Whatever an
 * operator changed stays.
 */
async function upgradeApps(db: Kysely<DB>, now: string): Promise<void> {
  await goLive(db, now);
  for (const a of SEED_APPS) {
    const target = a.kind === 'route' ? (a.target ?? (LIVE_APPS.has(a.code) ? `/apps/${a.code}` : undefined)) : undefined;
    const next =
      target !== undefined && isAppRoute(target)
        ? { kind: 'route' as const, target }
        : a.kind === 'form' && a.formCode && !a.itemCode
          ? { kind: 'form' as const, target: a.formCode }
          : null;
    if (!next) continue;
    const row = await db
      .selectFrom('apps')
      .select('id')
      .where('site_code', '=', PORTAL_SITE)
      .where('code', '=', a.code)
      .where('kind', '=', 'external')
      .where('target', '=', '')
      .where('status', '=', 'coming')
      .executeTakeFirst();
    if (!row) continue;
    const untouched = db.updateTable('apps').where('id', '=', row.id).where('kind', '=', 'external').where('target', '=', '').where('status', '=', 'coming');
    await untouched.set({ description: a.description }).where('description', '=', `${a.name}：由相关部门业务系统提供，接入完成后可在此直接使用。`).execute();
    const res = await untouched.set({ ...next, status: 'online', updated_at: now }).executeTakeFirst();
    // Search keeps app cards (kind, target, form code): tell its change feed, as the console's writes do.
    if (Number(res.numUpdatedRows) > 0) await recordContentChange(db, 'app', Number(row.id));
  }
}

/**
 * Built apps the earlier seed wrote as 即将上线 routes to /apps/<code> (issue 14: 房屋查询, 无房证明,
 * 证书核验, 公积金账户信息): live now. 公积金提取 was such a route and is now the engine's form. Only
 * rows nobody edited (every console write moves updated_at off created_at), so an operator's
 * 即将上线 stays.
 */
async function goLive(db: Kysely<DB>, now: string): Promise<void> {
  const wanted = SEED_APPS.filter((a) => (a.kind === 'route' && LIVE_APPS.has(a.code) && a.target === undefined) || (a.kind === 'form' && a.formCode && !a.itemCode));
  if (!wanted.length) return;
  const rows = await db
    .selectFrom('apps')
    .select(['id', 'code', 'target', 'created_at', 'updated_at'])
    .where('site_code', '=', PORTAL_SITE)
    .where(
      'code',
      'in',
      wanted.map((a) => a.code),
    )
    .where('kind', '=', 'route')
    .where('status', '=', 'coming')
    .execute();
  for (const row of rows) {
    const a = wanted.find((x) => x.code === row.code);
    if (!a || row.target !== `/apps/${a.code}` || row.updated_at !== row.created_at) continue;
    const next = a.kind === 'form' ? { kind: 'form' as const, target: a.formCode!, description: a.description } : {};
    const res = await db
      .updateTable('apps')
      .set({ ...next, status: 'online', updated_at: now })
      .where('id', '=', row.id)
      .where('kind', '=', 'route')
      .where('status', '=', 'coming')
      .where('updated_at', '=', row.created_at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) await recordContentChange(db, 'app', Number(row.id));
  }
}

export async function seedPortal(ctx: AppContext): Promise<void> {
  const { db } = ctx;
  await upgradeApps(db, nowIso());
  // The catalogue is seeded once. After that it belongs to the operators: an app or item they
  // delete must not come back at the next restart. The city's zones mark a seeded catalogue
  // (zones are edited, never deleted, through the console).
  const seeded = await db.selectFrom('zones').select('id').where('site_code', '=', PORTAL_SITE).executeTakeFirst();
  if (seeded) return;
  const now = nowIso();
  const departments = await seedDepartments(db, now);
  const items = await seedItems(db, departments, now);
  await seedZones(db, now);
  await seedApps(db, items, now);
  await seedNews(db, now);
  await seedWelcome(db, now);
}
