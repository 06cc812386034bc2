/**
 * Migration 0012: installations saved in `applications` before it are served, the same, from
 * `cases` after it (ids kept unless an engine case held one, then followed), with their images
 * linked; and `down` puts them back. Runs on SQLite and MariaDB (DZ_TEST_DB).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationDetail, ApplicationListResponse, CaseListResponse } from '@dz/contracts';
import { migrateToLatest } from '../../infra/db.js';
import { createTestApp, migrationHandles, type TestApp } from '../../test/helpers.js';
import { registerPerson } from '../auth/test-kit.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());
const { legacyDb, migrator } = migrationHandles(() => t);


const waterForm = {
  originalMeterCardNo: '',
  applicantName: '王小明',
  applicantAddress: '达州市通川区朝阳东路88号',
  contactName: '王小明',
  landline: '',
  applicantIdNumber: '511702199001011231',
  applicantPhone: '13900000009',
  appointmentDate: '2026-12-20',
  reason: '新房',
  supplyContractNo: 'GS-1',
  certType: '居民身份证',
  certNo: '511702199001011231',
  agentOrg: '',
  agentName: '',
};

describe('migration 0012: installations onto cases', () => {
  it('serves the installations saved before it, with the same numbers, ids, statuses and images; down puts them back', async () => {
    const alice = await registerPerson(t.app);
    const db = legacyDb();
    const now = new Date().toISOString();
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();

    // An engine case filed while 0011 ran alone, whose id an old installation also has.
    const engineCase = Number(
      (
        await db
          .insertInto('cases')
          .values({ case_no: `SQT${Date.now()}`, user_id: alice.userId, site_code: '511700', kind: 'promise', title: '某许可申请', status: 'submitted', form_code: 'f', form_site: '511700', form_version: 1, workflow_code: 'w', workflow_site: '511700', workflow_version: 1, data_enc: t.app.ctx.gm.encrypt('{}'), created_at: now, updated_at: now })
          .executeTakeFirstOrThrow()
      ).insertId,
    );

    expect((await migrator().migrateTo('0011_engine')).error).toBeUndefined();

    const img = randomUUID();
    await db.insertInto('files').values({ id: img, user_id: alice.userId, mime: 'image/png', size: 10, sha256: 'x'.repeat(64), created_at: old }).execute();
    const base = { user_id: alice.userId, site_code: '511700', form_enc: t.app.ctx.gm.encrypt(JSON.stringify(waterForm)), last_error: null, created_at: old };
    const steps = JSON.stringify([{ at: old, status: 'received', title: '已受理申请', note: '' }, { at: now, status: 'completed', title: '通水完成', note: '' }]);
    // 1: same id as the engine case (must move); 2: completed; 3: a draft with an image linked the pre-0012 way.
    await db.insertInto('applications').values({ ...base, id: engineCase, application_no: 'BZ2026010100000001', type: 'water', title: '用水报装申请', status: 'processing', attachments: '[]', install_no: 'WS0000000001', steps: JSON.stringify([{ at: old, status: 'accepted', title: '审核通过', note: '' }]), submitted_at: old, updated_at: old }).execute();
    await db.insertInto('applications').values({ ...base, id: 900001, application_no: 'BZ2026010100000002', type: 'power', title: '用电报装申请', status: 'completed', attachments: '[]', install_no: 'DL0000000002', steps, submitted_at: old, updated_at: now }).execute();
    await db.insertInto('applications').values({ ...base, id: 900002, application_no: 'BZ2026010100000003', type: 'water', title: '用水报装申请', status: 'draft', attachments: JSON.stringify([{ kind: 'id-front', fileId: img }]), install_no: null, steps: '[]', last_error: '自来水公司系统暂不可用', submitted_at: null, updated_at: old }).execute();
    await db.insertInto('file_links').values({ file_id: img, owner_type: 'application', owner_id: '900002', created_at: old }).execute();

    await migrateToLatest(t.app.ctx.db);

    const moved = await t.app.ctx.db.selectFrom('applications_legacy').select(['id', 'case_id']).orderBy('id').execute();
    const movedId = Number(moved.find((r) => Number(r.id) === engineCase)!.case_id);
    expect(movedId).not.toBe(engineCase);
    expect(moved.filter((r) => Number(r.id) >= 900001).map((r) => Number(r.case_id))).toEqual([900001, 900002]);
    // The engine case is untouched.
    expect(await t.app.ctx.db.selectFrom('cases').select(['kind', 'title']).where('id', '=', engineCase).executeTakeFirst()).toEqual({ kind: 'promise', title: '某许可申请' });

    const get = (url: string) => t.app.inject({ url, headers: { cookie: alice.cookie } });
    const list = (await get('/api/applications')).json() as ApplicationListResponse;
    expect(list.total).toBe(3);
    expect(list.items.map((a) => [a.applicationNo, a.status])).toEqual(
      expect.arrayContaining([
        ['BZ2026010100000001', 'processing'],
        ['BZ2026010100000002', 'completed'],
        ['BZ2026010100000003', 'draft'],
      ]),
    );

    const done = (await get('/api/applications/900001')).json() as ApplicationDetail;
    expect(done).toMatchObject({ id: 900001, type: 'power', status: 'completed', installNo: 'DL0000000002', progress: '通水完成', stale: false });
    expect(done.fields.find((f) => f.label === '申请人身份证号')?.value).toBe('511702**********31');

    // The old link of the moved one still opens it (the company is unreachable here: stale, last copy).
    const viaOld = (await get(`/api/applications/${engineCase}`)).json() as ApplicationDetail;
    expect(viaOld).toMatchObject({ id: movedId, applicationNo: 'BZ2026010100000001', status: 'processing', installNo: 'WS0000000001', progress: '审核通过', stale: true });
    expect((await get(`/api/applications/${movedId}`)).statusCode).toBe(200);

    const draft = (await get('/api/applications/900002')).json() as ApplicationDetail;
    expect(draft).toMatchObject({ status: 'draft', lastError: '自来水公司系统暂不可用', attachments: [{ kind: 'id-front', fileId: img }] });
    expect(draft.draft?.form).toMatchObject({ applicantName: '王小明', supplyContractNo: 'GS-1' });
    // Its image is linked to the case, and the sweep keeps it.
    expect(await t.app.fileLinks.linked('case', 900002)).toEqual([img]);
    expect(await t.app.fileLinks.linked('application', 900002)).toEqual([]);
    await t.app.files.sweepOrphans();
    expect(await t.app.ctx.db.selectFrom('files').select('id').where('id', '=', img).executeTakeFirst()).toBeDefined();

    // Timelines, and 我的办件 from the one table.
    const events = await t.app.ctx.db.selectFrom('case_events').select(['action', 'to_status']).where('case_id', '=', 900001).orderBy('id').execute();
    expect(events).toEqual([
      { action: 'draft', to_status: 'draft' },
      { action: 'submit', to_status: 'submitted' },
      { action: 'progress', to_status: 'completed' },
    ]);
    const cases = (await get('/api/cases?pageSize=50')).json() as CaseListResponse;
    expect(cases.items.filter((c) => c.kind === 'installation').map((c) => c.href).sort()).toEqual([`/me/cases/${movedId}`, '/me/cases/900001', '/me/cases/900002'].sort());

    // Rollback: the draft deleted after the move stays deleted, the others go back with their state.
    expect((await t.app.inject({ method: 'DELETE', url: '/api/applications/900002', headers: { cookie: alice.cookie } })).statusCode).toBe(204);
    expect((await migrator().migrateTo('0011_engine')).error).toBeUndefined();
    const back = await db.selectFrom('applications').select(['id', 'application_no', 'status', 'install_no']).orderBy('application_no').execute();
    expect(back.map((r: { id: number; application_no: string; status: string; install_no: string | null }) => [Number(r.id), r.application_no, r.status, r.install_no])).toEqual([
      [engineCase, 'BZ2026010100000001', 'processing', 'WS0000000001'],
      [900001, 'BZ2026010100000002', 'completed', 'DL0000000002'],
    ]);
    expect(Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'installation').executeTakeFirstOrThrow()).n)).toBe(0);
    await migrateToLatest(t.app.ctx.db);
    expect(((await get('/api/applications')).json() as ApplicationListResponse).total).toBe(2);
  });
});
