/**
 * Test-only fixtures: catalog rows (zones, apps, items, news) inserted straight into the database,
 * so these tests do not depend on what the catalog seed contains. Codes carry a per-call suffix so
 * they never collide with seeded rows.
 */
import type { FastifyInstance } from 'fastify';
import type { Insertable } from 'kysely';
import type { AppsTable, ItemsTable, NewsTable, ZonesTable } from '../../db/schema.js';
import { nowIso } from '../../infra/time.js';

let seq = 0;
const uniq = (p: string) => `${p}-t${process.pid}-${++seq}`;

export async function insertApp(app: FastifyInstance, over: Partial<Insertable<AppsTable>> & { name: string }): Promise<number> {
  const now = nowIso();
  const res = await app.ctx.db
    .insertInto('apps')
    .values({
      site_code: '511700',
      code: uniq('app'),
      icon: 'app',
      zone_code: null,
      group_title: null,
      themes: '[]',
      audience: '["person"]',
      keywords: '',
      kind: 'route',
      target: '/x',
      status: 'online',
      is_palm: 0,
      description: '',
      popularity: 0,
      sort: 0,
      created_at: now,
      updated_at: now,
      ...over,
    })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

export async function departmentId(app: FastifyInstance, site = '511700'): Promise<number> {
  const d = await app.ctx.db.selectFrom('departments').select('id').where('site_code', '=', site).orderBy('id').executeTakeFirstOrThrow();
  return d.id;
}

export async function insertItem(app: FastifyInstance, over: Partial<Insertable<ItemsTable>> & { name: string }): Promise<number> {
  const now = nowIso();
  const res = await app.ctx.db
    .insertInto('items')
    .values({
      site_code: '511700',
      code: uniq('item'),
      department_id: await departmentId(app, over.site_code ?? '511700'),
      audience: 'person',
      theme: 'other',
      subject: '',
      time_limit: '即办',
      charge: '不收费',
      legal_basis: '',
      materials: '[]',
      steps: '[]',
      windows: '[]',
      online: 1,
      online_url: null,
      bookable: 0,
      keywords: '',
      status: 'online',
      popularity: 0,
      sort: 0,
      created_at: now,
      updated_at: now,
      ...over,
    })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

export async function insertNews(app: FastifyInstance, over: Partial<Insertable<NewsTable>> & { title: string }): Promise<number> {
  const now = nowIso();
  const res = await app.ctx.db
    .insertInto('news')
    .values({ site_code: '511700', cover_url: null, summary: '', content: '', status: 'published', published_at: now, popularity: 0, created_at: now, updated_at: now, ...over })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

/** A zone row unless the site already has one with that code (the catalog seed may have made it). */
export async function ensureZone(app: FastifyInstance, code: string, name: string, site = '511700', over: Partial<Insertable<ZonesTable>> = {}): Promise<void> {
  const exists = await app.ctx.db.selectFrom('zones').select('id').where('site_code', '=', site).where('code', '=', code).executeTakeFirst();
  if (exists) return;
  const now = nowIso();
  await app.ctx.db
    .insertInto('zones')
    .values({ site_code: site, code, name, icon: code, color: '#1e3a8a', intro: '', banner_url: null, groups: '["我要查","我要办","我要咨询"]', sort: 0, status: 'online', created_at: now, updated_at: now, ...over })
    .executeTakeFirstOrThrow();
}
