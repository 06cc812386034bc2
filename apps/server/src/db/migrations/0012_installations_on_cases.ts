import type { Kysely } from 'kysely';

/**
 * issue 10 §2, one case model: 在线报装 / 燃气报装 move from `applications` into the engine's
 * `cases` (kind `installation`), so 我的办件 reads one table.
 *
 * - Each application becomes a case: case_no = application number (the company's idempotency key
 *   stays the same), form `install-water|install-power|install-gas` at 511700 version 0 (the form
 *   is defined in code, not by the designer), workflow `installation` v0 (decided by the company,
 *   not by a workflow), data_enc = the same SM4 ciphertext (copied, never decrypted here),
 *   partner_ref = install_no, result = JSON { steps, lastError, attachments }.
 * - Ids are kept when the case id is free, so /me/cases/<id> links keep working; one that an
 *   engine case already holds (a database where 0011 ran and cases were filed before this) gets a
 *   new id, and `applications_legacy.case_id` records where every application went: the service
 *   follows it for an old link.
 * - The attachments are linked (`file_links`, owner `case`), replacing the owner `application`
 *   links, so the orphan sweep keeps them without reading the old table.
 * - The timeline gets what is known: saved (created_at), submitted (submitted_at), and the
 *   company's progress when it moved past 已提交.
 * - The old table is kept, renamed `applications_legacy`, so `down` can put everything back,
 *   including installations filed after the move. Drop it in a later release.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */

const TO_CASE: Record<string, string> = { draft: 'draft', submitted: 'submitted', processing: 'accepted', completed: 'completed', rejected: 'rejected' };
const TO_APPLICATION: Record<string, string> = { draft: 'draft', submitted: 'submitted', accepted: 'processing', supplement: 'processing', completed: 'completed', rejected: 'rejected', withdrawn: 'rejected' };
const WORKFLOW_SITE = '511700';

interface LegacyRow {
  id: number;
  application_no: string;
  user_id: number;
  type: string;
  title: string;
  status: string;
  form_enc: string;
  attachments: string;
  install_no: string | null;
  steps: string;
  last_error: string | null;
  site_code: string;
  created_at: string;
  submitted_at: string | null;
  updated_at: string;
}

const fileIdsOf = (attachments: string): string[] => {
  try {
    const list = JSON.parse(attachments) as { fileId?: unknown }[];
    return [...new Set(list.map((a) => a.fileId).filter((x): x is string => typeof x === 'string'))];
  } catch {
    return [];
  }
};

async function moveLinks(db: Kysely<any>, files: string[], from: [string, string], to: [string, string], at: string): Promise<void> {
  await db.deleteFrom('file_links').where('owner_type', '=', from[0]).where('owner_id', '=', from[1]).execute();
  if (!files.length) return;
  const present = new Set((await db.selectFrom('files').select('id').where('id', 'in', files).execute()).map((r: { id: string }) => r.id));
  const have = new Set((await db.selectFrom('file_links').select('file_id').where('owner_type', '=', to[0]).where('owner_id', '=', to[1]).execute()).map((r: { file_id: string }) => r.file_id));
  for (const f of files) if (present.has(f) && !have.has(f)) await db.insertInto('file_links').values({ file_id: f, owner_type: to[0], owner_id: to[1], created_at: at }).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('applications').renameTo('applications_legacy').execute();
  await db.schema.alterTable('applications_legacy').addColumn('case_id', 'integer').execute();

  const rows = (await db.selectFrom('applications_legacy').selectAll().orderBy('id').execute()) as LegacyRow[];
  for (const a of rows) {
    const status = TO_CASE[a.status] ?? 'submitted';
    const values = {
      case_no: a.application_no,
      user_id: a.user_id,
      site_code: a.site_code,
      kind: 'installation',
      title: a.title,
      status,
      form_code: `install-${a.type}`,
      form_site: WORKFLOW_SITE,
      form_version: 0,
      workflow_code: 'installation',
      workflow_site: WORKFLOW_SITE,
      workflow_version: 0,
      data_enc: a.form_enc,
      result: JSON.stringify({ steps: JSON.parse(a.steps) as unknown, lastError: a.last_error, attachments: JSON.parse(a.attachments) as unknown }),
      handoff: a.install_no ? 'done' : 'none',
      partner_ref: a.install_no,
      created_at: a.created_at,
      submitted_at: a.submitted_at,
      accepted_at: status === 'accepted' || status === 'completed' ? a.submitted_at : null,
      completed_at: status === 'completed' || status === 'rejected' ? a.updated_at : null,
      updated_at: a.updated_at,
    };
    const taken = await db.selectFrom('cases').select('id').where('id', '=', a.id).executeTakeFirst();
    let caseId = a.id;
    if (taken) caseId = Number((await db.insertInto('cases').values(values).executeTakeFirstOrThrow()).insertId);
    else await db.insertInto('cases').values({ id: a.id, ...values }).execute();
    await db.updateTable('applications_legacy').set({ case_id: caseId }).where('id', '=', a.id).execute();

    const event = (action: string, from: string | null, to: string | null, actorType: string, at: string) =>
      db.insertInto('case_events').values({ case_id: caseId, action, from_status: from, to_status: to, step_name: null, actor_type: actorType, actor_id: actorType === 'citizen' ? a.user_id : null, actor_name: actorType === 'citizen' ? '申请人' : null, comment: null, detail: null, created_at: at }).execute();
    await event('draft', null, 'draft', 'citizen', a.created_at);
    if (a.submitted_at) {
      await event('submit', 'draft', 'submitted', 'citizen', a.submitted_at);
      if (status !== 'submitted') await event('progress', 'submitted', status, 'partner', a.updated_at);
    }
    await moveLinks(db, fileIdsOf(a.attachments), ['application', String(a.id)], ['case', String(caseId)], a.updated_at);
  }
}

interface CaseRow {
  id: number;
  case_no: string;
  user_id: number;
  site_code: string;
  title: string;
  status: string;
  form_code: string;
  data_enc: string;
  result: string | null;
  partner_ref: string | null;
  created_at: string;
  submitted_at: string | null;
  updated_at: string;
}

/** Puts every installation (also those filed after `up`) back into `applications`, with its links. */
export async function down(db: Kysely<any>): Promise<void> {
  const cases = (await db.selectFrom('cases').selectAll().where('kind', '=', 'installation').orderBy('id').execute()) as CaseRow[];
  const legacy = new Map<number, number>();
  for (const r of (await db.selectFrom('applications_legacy').select(['id', 'case_id']).execute()) as { id: number; case_id: number | null }[]) if (r.case_id !== null) legacy.set(Number(r.case_id), Number(r.id));
  const kept = new Set<number>();
  for (const c of cases) {
    const result = (c.result ? JSON.parse(c.result) : {}) as { steps?: unknown; lastError?: string | null; attachments?: unknown };
    const attachments = JSON.stringify(result.attachments ?? []);
    const values = {
      application_no: c.case_no,
      user_id: c.user_id,
      type: c.form_code.replace(/^install-/, ''),
      title: c.title,
      status: TO_APPLICATION[c.status] ?? 'submitted',
      form_enc: c.data_enc,
      attachments,
      install_no: c.partner_ref,
      steps: JSON.stringify(result.steps ?? []),
      last_error: result.lastError ?? null,
      site_code: c.site_code,
      created_at: c.created_at,
      submitted_at: c.submitted_at,
      updated_at: c.updated_at,
      case_id: c.id,
    };
    let appId = legacy.get(c.id);
    if (appId !== undefined) await db.updateTable('applications_legacy').set(values).where('id', '=', appId).execute();
    else {
      const taken = await db.selectFrom('applications_legacy').select('id').where('id', '=', c.id).executeTakeFirst();
      if (taken) appId = Number((await db.insertInto('applications_legacy').values(values).executeTakeFirstOrThrow()).insertId);
      else {
        await db.insertInto('applications_legacy').values({ id: c.id, ...values }).execute();
        appId = c.id;
      }
    }
    kept.add(appId);
    await moveLinks(db, fileIdsOf(attachments), ['case', String(c.id)], ['application', String(appId)], c.updated_at);
    await db.deleteFrom('case_events').where('case_id', '=', c.id).execute();
    await db.deleteFrom('cases').where('id', '=', c.id).execute();
  }
  // Drafts deleted since the move are gone from cases: gone from applications too.
  for (const r of (await db.selectFrom('applications_legacy').select('id').execute()) as { id: number }[]) {
    if (!kept.has(Number(r.id))) await db.deleteFrom('applications_legacy').where('id', '=', r.id).execute();
  }
  await db.schema.alterTable('applications_legacy').dropColumn('case_id').execute();
  await db.schema.alterTable('applications_legacy').renameTo('applications').execute();
}
