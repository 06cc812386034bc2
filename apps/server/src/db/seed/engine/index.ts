/**
 * Seeds the applications engine (issue 10): the ten 掌上办 forms and workflows, the 医疗就诊 我要查
 * 查询 forms (issue 12), the 公共交通 我要查 查询 and 我要办 承诺件 forms (issue 13), the 不动产 我要查 and
 * 公积金查询 查询 forms (issue 14), a form and the generic workflow for every item offering 在线办事 here, and
 * switches the seeded 掌上办 apps and item guides over to them. Idempotent like the rest of the
 * seed: it inserts what is missing (by natural key: (code, site_code)), and never touches a form,
 * workflow, app or item an operator has edited. Version 1 rows are written directly with
 * `created_by: 'seed'`.
 *
 * Cost at every start: four reads (items, form_defs, workflows, apps) and nothing else once all
 * is there; missing rows go in batches, in one transaction so a form never lacks its version.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../schema.js';
import type { AppContext } from '../../../infra/context.js';
import { nowIso } from '../../../infra/time.js';
import { isDuplicateKey } from '../../../infra/duplicate-key.js';
import { recordContentChange } from '../../../features/search/content-changes.js';
import type { FormField, ItemMaterial, WorkflowDefinition } from '@dz/contracts';
import { SEED_APPS } from '../portal/apps.js';
import { SEED_ITEMS } from '../portal/items.js';
import { PORTAL_SITE } from '../portal/index.js';
import { PALM_FORMS } from './palm-forms.js';
import { MEDICAL_QUERY_FORMS } from './medical-forms.js';
import { TRANSPORT_FORMS } from './transport-forms.js';
import { CULTURE_FORMS } from './culture-forms.js';
import { HOUSING_QUERY_FORMS } from './housing-forms.js';
import { itemFormCode, itemFormFields, promisedDays, standardWorkflow, STANDARD_DAYS } from './item-forms.js';

/** Where the ten forms and the generic workflows live: the city; counties inherit them. */
export const ENGINE_SITE = '511700';
const SEED_ACTOR = 'seed';

const key = (site: string, code: string) => `${site}\u0000${code}`;

interface NewForm {
  code: string;
  site: string;
  title: string;
  description: string | null;
  workflowCode: string;
  itemId: number | null;
  departmentId: number | null;
  fields: FormField[];
}
interface NewWorkflow {
  code: string;
  site: string;
  name: string;
  definition: WorkflowDefinition;
}

async function insertBatches<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) await insert(rows.slice(i, i + 50));
}

function parseMaterials(json: string): ItemMaterial[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as ItemMaterial[]).filter((m) => m && typeof m.name === 'string' && m.name.trim() !== '') : [];
  } catch {
    return [];
  }
}

/**
 * The palm items' guides were rewritten (portal/palm-guides.ts). A database seeded before keeps
 * the old generic text unless it is brought up to date here — only for rows nobody edited, which
 * the seed can tell: every console write sets updated_at, the seed's insert sets it equal to
 * created_at. The rewrite keeps that equality, so the row still reads as the seed's own.
 */
async function refreshPalmGuides(db: Kysely<DB>, rows: ItemRow[]): Promise<void> {
  for (const seedItem of SEED_ITEMS) {
    if (!PALM_FORMS.some((f) => f.itemCode === seedItem.code)) continue;
    const row = rows.find((r) => r.site_code === seedItem.site && r.code === seedItem.code);
    if (!row || row.updated_at !== row.created_at) continue;
    const next = { time_limit: seedItem.timeLimit, charge: seedItem.charge, materials: JSON.stringify(seedItem.materials), steps: JSON.stringify(seedItem.steps) };
    if (next.time_limit === row.time_limit && next.charge === row.charge && next.materials === row.materials && next.steps === row.steps) continue;
    await db.updateTable('items').set(next).where('id', '=', row.id).where('updated_at', '=', row.created_at).execute();
    await recordContentChange(db, 'item', Number(row.id));
    Object.assign(row, next);
  }
}

/** The seeded 掌上办 apps become kind 'form' (target = the form code) where nobody edited them. */
async function switchPalmApps(db: Kysely<DB>): Promise<void> {
  const palm = SEED_APPS.filter((a) => a.kind === 'form' && a.formCode);
  const rows = await db
    .selectFrom('apps')
    .select(['id', 'code', 'kind', 'created_at', 'updated_at'])
    .where('site_code', '=', PORTAL_SITE)
    .where(
      'code',
      'in',
      palm.map((a) => a.code),
    )
    .where('kind', '=', 'item')
    .execute();
  for (const row of rows) {
    const app = palm.find((a) => a.code === row.code);
    if (!app?.formCode || row.updated_at !== row.created_at) continue;
    await db.updateTable('apps').set({ kind: 'form', target: app.formCode }).where('id', '=', row.id).where('kind', '=', 'item').where('updated_at', '=', row.created_at).execute();
    // Search keeps app cards: tell its change feed, as the console's writes do.
    await recordContentChange(db, 'app', Number(row.id));
  }
}

/**
 * Seeded forms and workflows changed after databases were seeded (issue 14: 公积金提取 gained the
 * centre's precheck, amounts to the fen and each reason's limit). A database seeded before gets the
 * seed's current definition as a NEW version — cases keep the version they were filed with — but
 * only while the latest version is still the seed's own (created_by 'seed') and the form has no
 * unpublished designer draft: whatever an operator published or is editing stays.
 */
export const CHANGED_SEED_FORMS = ['housing-fund-withdraw'];
const UPDATE_NOTE = '系统预置更新（公积金中心提交前核验、提取金额精确到分）';

/** Another instance starting at the same time wrote the same version first: that is the same outcome. */
async function once(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

async function refreshChangedForms(db: Kysely<DB>, now: string): Promise<void> {
  for (const f of PALM_FORMS.filter((x) => CHANGED_SEED_FORMS.includes(x.code))) {
    const wf = await db.selectFrom('workflows').select(['version', 'definition', 'created_by']).where('code', '=', f.code).where('site_code', '=', ENGINE_SITE).orderBy('version', 'desc').executeTakeFirst();
    if (wf && wf.created_by === SEED_ACTOR && wf.definition !== JSON.stringify(f.workflow)) {
      await once(() =>
        db
          .insertInto('workflows')
          .values({ code: f.code, site_code: ENGINE_SITE, version: Number(wf.version) + 1, name: f.workflowName, definition: JSON.stringify(f.workflow), note: UPDATE_NOTE, created_at: now, created_by: SEED_ACTOR })
          .execute(),
      );
    }
    const def = await db.selectFrom('form_defs').select(['latest_version', 'draft_fields', 'updated_by']).where('code', '=', f.code).where('site_code', '=', ENGINE_SITE).executeTakeFirst();
    if (!def || def.draft_fields !== null || def.updated_by !== SEED_ACTOR) continue;
    const latest = Number(def.latest_version);
    const row = await db.selectFrom('form_versions').select(['fields', 'created_by']).where('form_code', '=', f.code).where('site_code', '=', ENGINE_SITE).where('version', '=', latest).executeTakeFirst();
    if (!row || row.created_by !== SEED_ACTOR || row.fields === JSON.stringify(f.fields)) continue;
    await once(() =>
      db.transaction().execute(async (trx) => {
      await trx.insertInto('form_versions').values({ form_code: f.code, site_code: ENGINE_SITE, version: latest + 1, title: f.title, fields: JSON.stringify(f.fields), note: UPDATE_NOTE, created_at: now, created_by: SEED_ACTOR }).execute();
      // Conditional on the version read: two instances starting at once publish it once.
      await trx.updateTable('form_defs').set({ latest_version: latest + 1, updated_at: now }).where('code', '=', f.code).where('site_code', '=', ENGINE_SITE).where('latest_version', '=', latest).execute();
      }),
    );
  }
}

type ItemRow = {
  id: number;
  site_code: string;
  code: string;
  name: string;
  department_id: number;
  audience: 'person' | 'corp' | 'both';
  time_limit: string;
  charge: string;
  materials: string;
  steps: string;
  online: number;
  online_url: string | null;
  created_at: string;
  updated_at: string;
};

export async function seedEngine(ctx: AppContext): Promise<void> {
  const { db } = ctx;
  const now = nowIso();
  // The items the seeded forms are filed under (palm) or take their department from (医保, 交通).
  const ownForms = [...MEDICAL_QUERY_FORMS, ...TRANSPORT_FORMS, ...HOUSING_QUERY_FORMS, ...CULTURE_FORMS];
  const seededItemCodes = [...new Set([...PALM_FORMS.map((f) => f.itemCode), ...ownForms.map((f) => f.departmentItem)])];

  const items: ItemRow[] = await db
    .selectFrom('items')
    .select(['id', 'site_code', 'code', 'name', 'department_id', 'audience', 'time_limit', 'charge', 'materials', 'steps', 'online', 'online_url', 'created_at', 'updated_at'])
    .where((eb) => eb.or([eb('online', '=', 1), eb.and([eb('site_code', '=', ENGINE_SITE), eb('code', 'in', seededItemCodes)])]))
    .execute();
  await refreshPalmGuides(db, items);
  await switchPalmApps(db);
  await refreshChangedForms(db, now);

  const defs = await db.selectFrom('form_defs').select(['code', 'site_code', 'item_id']).execute();
  const haveForm = new Set(defs.map((d) => key(d.site_code, d.code)));
  const itemsWithForm = new Set(defs.map((d) => d.item_id).filter((id): id is number => id !== null).map(Number));
  const haveWorkflow = new Set((await db.selectFrom('workflows').select(['code', 'site_code']).execute()).map((w) => key(w.site_code, w.code)));

  const forms: NewForm[] = [];
  const workflows = new Map<string, NewWorkflow>();
  const wantWorkflow = (w: NewWorkflow) => {
    if (!haveWorkflow.has(key(w.site, w.code))) workflows.set(key(w.site, w.code), w);
  };

  // 1. The ten 掌上办 forms, each with its own workflow of the same code.
  for (const f of PALM_FORMS) {
    wantWorkflow({ code: f.code, site: ENGINE_SITE, name: f.workflowName, definition: f.workflow });
    if (haveForm.has(key(ENGINE_SITE, f.code))) continue;
    const item = items.find((i) => i.site_code === ENGINE_SITE && i.code === f.itemCode);
    forms.push({ code: f.code, site: ENGINE_SITE, title: f.title, description: f.description, workflowCode: f.code, itemId: item ? Number(item.id) : null, departmentId: item ? Number(item.department_id) : null, fields: f.fields });
    if (item) itemsWithForm.add(Number(item.id));
  }

  // 2. The 医疗就诊 zone's 我要查 apps (issue 12): 查询 forms of the 医保 system; the 公共交通 zone's
  //    我要查 and 我要办 apps (issue 13): 查询 and 承诺件 of the 交通运输局 system. No item of their own.
  for (const f of ownForms) {
    wantWorkflow({ code: f.code, site: ENGINE_SITE, name: f.workflowName, definition: f.workflow });
    if (haveForm.has(key(ENGINE_SITE, f.code))) continue;
    const item = items.find((i) => i.site_code === ENGINE_SITE && i.code === f.departmentItem);
    forms.push({ code: f.code, site: ENGINE_SITE, title: f.title, description: f.description, workflowCode: f.code, itemId: null, departmentId: item ? Number(item.department_id) : null, fields: f.fields });
  }

  // 3. Every other item offering 在线办事 on this platform: a form derived from its guide, on the
  //    item's own site (a county's item is that county's), with the generic workflow of its days.
  wantWorkflow({ site: ENGINE_SITE, ...standardWorkflow(STANDARD_DAYS) });
  for (const item of items) {
    if (Number(item.online) !== 1 || (item.online_url ?? '').trim() !== '' || itemsWithForm.has(Number(item.id))) continue;
    const code = itemFormCode(item.code);
    if (haveForm.has(key(item.site_code, code))) continue;
    const wf = standardWorkflow(promisedDays(item.time_limit));
    wantWorkflow({ site: ENGINE_SITE, ...wf });
    forms.push({
      code,
      site: item.site_code,
      title: item.name.slice(0, 100),
      description: null,
      workflowCode: wf.code,
      itemId: Number(item.id),
      departmentId: Number(item.department_id),
      fields: itemFormFields({ audience: item.audience, materials: parseMaterials(item.materials) }),
    });
  }

  if (!forms.length && !workflows.size) return;
  await db.transaction().execute(async (trx) => {
    await insertBatches([...workflows.values()], (chunk) =>
      trx
        .insertInto('workflows')
        .values(chunk.map((w) => ({ code: w.code, site_code: w.site, version: 1, name: w.name, definition: JSON.stringify(w.definition), note: '初始版本（系统预置）', created_at: now, created_by: SEED_ACTOR })))
        .execute(),
    );
    await insertBatches(forms, (chunk) =>
      trx
        .insertInto('form_defs')
        .values(
          chunk.map((f) => ({
            code: f.code,
            site_code: f.site,
            title: f.title,
            description: f.description,
            workflow_code: f.workflowCode,
            item_id: f.itemId,
            department_id: f.departmentId,
            status: 'online' as const,
            draft_fields: null,
            latest_version: 1,
            updated_at: now,
            updated_by: SEED_ACTOR,
          })),
        )
        .execute(),
    );
    await insertBatches(forms, (chunk) =>
      trx
        .insertInto('form_versions')
        .values(chunk.map((f) => ({ form_code: f.code, site_code: f.site, version: 1, title: f.title, fields: JSON.stringify(f.fields), note: '初始版本（系统预置）', created_at: now, created_by: SEED_ACTOR })))
        .execute(),
    );
  });
}
