/**
 * Two instances, one database, one Redis: the public 数据统计 is memoised per instance, stamped
 * with a shared write counter, so an item filed and answered through instance A shows in B's
 * figures on B's very next answer — never the minute-old memo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { InteractionStats } from '@dz/contracts';
import { createTwinApps, type TestApp } from '../../test/helpers.js';
import { registerPerson } from '../auth/test-kit.js';
import { call, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';

let a: TestApp;
let b: FastifyInstance;
let close: () => Promise<void>;
let admin: StaffSession;

beforeAll(async () => {
  ({ a, b, close } = await createTwinApps());
  admin = await setupAdmin(a);
});
afterAll(async () => close());

const stats = async (app: FastifyInstance) => {
  const res = await app.inject({ url: '/api/interactions/stats?site=511700' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as InteractionStats;
};

describe('数据统计 across instances', () => {
  it('a write on A shows in B’s next answer', async () => {
    const before = await stats(b); // B memoises it
    expect((await stats(b)).total).toEqual(before.total);
    const citizen = await registerPerson(a.app);
    const filed = await a.app.inject({
      method: 'POST',
      url: '/api/interactions',
      headers: { cookie: citizen.cookie },
      payload: { type: 'suggest', site: '511700', title: '跨实例统计测试建议', content: '建议在两个实例之间核对统计数字是否一致。', public: false },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const after = await stats(b);
    expect(after.total.submitted).toBe(before.total.submitted + 1);
    expect(after.byType.find((t) => t.type === 'suggest')!.submitted).toBe(before.byType.find((t) => t.type === 'suggest')!.submitted + 1);
    const id = (filed.json() as { id: number }).id;
    expect((await call(a, admin.cookie, 'POST', `/api/admin/interactions/${id}/actions`, { action: 'accept' })).statusCode).toBe(200);
    expect((await call(a, admin.cookie, 'POST', `/api/admin/interactions/${id}/actions`, { action: 'reply', reply: '感谢您的建议，已采纳。' })).statusCode).toBe(200);
    expect((await stats(b)).total.replied).toBe(after.total.replied + 1);
  });
});
