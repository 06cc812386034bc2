/**
 * 政务服务好差评 in the catalogue opens 我的评价 (/me/ratings), in a fresh catalogue and in one
 * seeded before, unless an operator has already made the entry their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppRoute, type AppCard } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { seed } from '../index.js';
import { PORTAL_SITE } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const row = () => t.app.ctx.db.selectFrom('apps').select(['id', 'kind', 'target', 'status', 'description']).where('site_code', '=', PORTAL_SITE).where('code', '=', 'service-rating').executeTakeFirstOrThrow();
const GENERIC = '政务服务好差评：由相关部门业务系统提供，接入完成后可在此直接使用。';

describe('政务服务好差评', () => {
  it('opens the H5 page 我的评价 and is live in a fresh catalogue', async () => {
    const r = await row();
    expect(r).toMatchObject({ kind: 'route', target: '/me/ratings', status: 'online' });
    expect(isAppRoute(r.target)).toBe(true);
    expect(r.description).toContain('好差评');
    const card = (await t.app.inject({ url: `/api/apps/${r.id}` })).json() as AppCard;
    expect(card).toMatchObject({ code: 'service-rating', kind: 'route', target: '/me/ratings', status: 'online' });
  });

  it('is switched in a catalogue seeded before, at the next start', async () => {
    const { id } = await row();
    await t.app.ctx.db.updateTable('apps').set({ kind: 'external', target: '', status: 'coming', description: GENERIC }).where('id', '=', id).execute();
    await seed(t.app.ctx);
    const r = await row();
    expect(r).toMatchObject({ kind: 'route', target: '/me/ratings', status: 'online' });
    expect(r.description).not.toBe(GENERIC);
  });

  it('is left alone once an operator gave it an address of their own, and keeps a description they wrote', async () => {
    const { id } = await row();
    await t.app.ctx.db.updateTable('apps').set({ kind: 'external', target: 'https://example.com/rating', status: 'online' }).where('id', '=', id).execute();
    await seed(t.app.ctx);
    expect(await row()).toMatchObject({ kind: 'external', target: 'https://example.com/rating', status: 'online' });

    await t.app.ctx.db.updateTable('apps').set({ kind: 'external', target: '', status: 'coming', description: '本站好差评入口' }).where('id', '=', id).execute();
    await seed(t.app.ctx);
    // Still the unconfigured 即将上线 entry, so it opens 我的评价 — with the operator's words.
    expect(await row()).toMatchObject({ kind: 'route', target: '/me/ratings', status: 'online', description: '本站好差评入口' });
  });
});
