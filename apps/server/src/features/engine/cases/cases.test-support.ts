/**
 * Test helpers of the case engine: forms written straight into form_defs / form_versions (the
 * forms core has its own tests; here only a published version matters), workflows published
 * through the console API, staff contexts for `app.cases.act`, and the demo citizen.
 */
import type { FastifyInstance } from 'fastify';
import type { FormField, WorkflowDefinition } from '@dz/contracts';
import { nowIso } from '../../../infra/time.js';
import type { StaffContext } from '../../admin-auth/staff-guard.js';
import { call, type StaffSession } from '../../admin-auth/test-support.js';
import type { TestApp } from '../../../test/helpers.js';
import type { CaseActor } from './transition.js';

export const CITY = '511700';
export const COUNTY = '511702';

export const PERSON_FIELDS: FormField[] = [
  { key: 'name', label: '申请人姓名', type: 'text', required: true, maxLength: 20 },
  { key: 'idNumber', label: '公民身份号码', type: 'idNumber', required: true },
  { key: 'phone', label: '联系电话', type: 'phone', required: true },
  { key: 'reason', label: '申请事由', type: 'textarea', required: true, minLength: 4 },
  { key: 'photos', label: '证明材料', type: 'image' },
];

export const GOOD_DATA = { name: '张三', idNumber: '511702199001011231', phone: '13900000001', reason: '申请办理测试事项' };

export async function insertForm(app: FastifyInstance, f: { code: string; site?: string; title: string; workflowCode: string; fields?: FormField[]; version?: number }): Promise<void> {
  const db = app.ctx.db;
  const site = f.site ?? CITY;
  const version = f.version ?? 1;
  const now = nowIso();
  const existing = await db.selectFrom('form_defs').select('id').where('code', '=', f.code).where('site_code', '=', site).executeTakeFirst();
  if (existing) await db.updateTable('form_defs').set({ latest_version: version, updated_at: now }).where('id', '=', existing.id).execute();
  else
    await db
      .insertInto('form_defs')
      .values({ code: f.code, site_code: site, title: f.title, description: null, workflow_code: f.workflowCode, item_id: null, department_id: null, status: 'online', draft_fields: null, latest_version: version, updated_at: now, updated_by: 'test' })
      .execute();
  await db
    .insertInto('form_versions')
    .values({ form_code: f.code, site_code: site, version, title: f.title, fields: JSON.stringify(f.fields ?? PERSON_FIELDS), note: null, created_at: now, created_by: 'test' })
    .execute();
}

export async function publishWorkflow(t: TestApp, admin: StaffSession, code: string, definition: WorkflowDefinition, site = CITY, name = code): Promise<{ version: number }> {
  const res = await call(t, admin.cookie, 'POST', '/api/admin/workflows', { site, code, name, definition, note: '测试' });
  if (res.statusCode !== 201) throw new Error(`publish ${code}: ${res.statusCode} ${res.body}`);
  return res.json() as { version: number };
}

/** A three-step 承诺件: 受理 → 审查 → 决定. */
export const PERMIT: WorkflowDefinition = {
  kind: 'promise',
  timeLimitDays: 5,
  steps: [
    { key: 'receive', name: '受理', permission: 'case:handle', actions: ['accept', 'reject', 'transfer', 'claim'] },
    { key: 'review', name: '审查', permission: 'case:handle', actions: ['approve', 'request-supplement', 'return', 'deny'] },
    { key: 'decide', name: '决定', permission: 'case:review', actions: ['complete', 'deny', 'return'] },
  ],
};

export async function staffContext(app: FastifyInstance, o: { id?: number; name?: string; site?: string; permissions?: string[] } = {}): Promise<CaseActor> {
  const site = o.site ?? CITY;
  const staff: StaffContext = {
    id: o.id ?? 9000,
    username: `staff${o.id ?? 9000}`,
    displayName: o.name ?? '王五',
    siteCode: site,
    siteCodes: await app.sites.subtree(site),
    permissions: new Set(o.permissions ?? ['case:handle', 'case:review']),
    isSuper: false,
    mustChangePassword: false,
    otpEnrolled: true,
  };
  return { type: 'staff', id: staff.id, name: staff.displayName, staff };
}
