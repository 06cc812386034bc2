import type { Kysely } from 'kysely';

/**
 * issue 10, the applications engine (ARCHITECTURE "Cores": forms, cases + workflows, documents,
 * files):
 * - `form_defs` is a form's identity per site (title, kind of service, the workflow it runs, the
 *   designer's unpublished draft); `form_versions` are its published versions, immutable, so a case
 *   keeps the version it was filed under. A county without its own row inherits the city's.
 * - `workflows` are versioned the same way (one row per published version).
 * - `cases` is every application; `case_events` its timeline (who did what, when, with what
 *   comment); `case_ratings` 好差评 (one per case and round); `rectifications` the 整改 task a 差评
 *   opens for the department.
 * - `file_links` says which files a case (or anything else) uses: clean-up deletes only files
 *   nothing links to.
 * - `documents` are the PDFs this platform issues and signs (SM2), checked by POST /api/verify.
 * Times are ISO strings like elsewhere; `version` on a case is its optimistic-lock counter.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;

  await db.schema
    .createTable('form_defs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'varchar(500)')
    /** The workflow this form's cases run (code; resolved per site like the form). */
    .addColumn('workflow_code', 'varchar(64)', (c) => c.notNull())
    /** The catalogue item it belongs to, when it is an item's 在线办事. */
    .addColumn('item_id', 'integer')
    .addColumn('department_id', 'integer')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('online'))
    /** The designer's unsaved work (JSON fields), null when the draft equals the latest version. */
    .addColumn('draft_fields', 'text')
    .addColumn('latest_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('uq_form_defs', ['code', 'site_code'])
    .execute();

  await db.schema
    .createTable('form_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('form_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(200)')
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('uq_form_versions', ['form_code', 'site_code', 'version'])
    .execute();

  await db.schema
    .createTable('workflows')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    /** JSON WorkflowDefinition (contracts). */
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(200)')
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('uq_workflows', ['code', 'site_code', 'version'])
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('case_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('form_code', 'varchar(64)', (c) => c.notNull())
    /** The exact form version (site + number) the case was filed under: always shown with it. */
    .addColumn('form_site', 'varchar(12)', (c) => c.notNull())
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('workflow_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('workflow_site', 'varchar(12)', (c) => c.notNull())
    .addColumn('workflow_version', 'integer', (c) => c.notNull())
    /** Index into the workflow's steps while in progress. */
    .addColumn('step_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('step_key', 'varchar(32)')
    /** The form data as JSON, SM4-encrypted. */
    .addColumn('data_enc', 'text', (c) => c.notNull())
    /** Masked applicant for queues; blind indexes (HMAC-SM3) of name, ID number and phone for search. */
    .addColumn('applicant_masked', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('applicant_name_bidx', 'varchar(64)')
    .addColumn('applicant_id_bidx', 'varchar(64)')
    .addColumn('applicant_phone_bidx', 'varchar(64)')
    .addColumn('department_id', 'integer')
    /** 一件事: the parent case of a part, and the part's code. */
    .addColumn('parent_id', 'integer')
    .addColumn('part_code', 'varchar(32)')
    .addColumn('assignee_id', 'integer')
    /** Deadline (ISO), recomputed when the clock restarts after 补正; null for drafts and 即办. */
    .addColumn(...ts('deadline_at'))
    /** Working days used before the clock stopped (待补正), so the restart counts only what is left. */
    .addColumn('used_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('clock_started_at'))
    .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON { items, comment } while 待补正. */
    .addColumn('supplement', 'text')
    /** JSON: what a bureau system answered (即办, 查询, hand-off decisions). */
    .addColumn('result', 'text')
    .addColumn('document_id', 'varchar(40)')
    /** Hand-off to a bureau system: none | pending | sent | done | failed; attempts; its reference. */
    .addColumn('handoff', 'varchar(12)', (c) => c.notNull().defaultTo('none'))
    .addColumn('handoff_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('partner_ref', 'varchar(64)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_actor', 'varchar(64)')
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('submitted_at'))
    .addColumn(...ts('accepted_at'))
    .addColumn(...ts('completed_at'))
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_cases_user').on('cases').columns(['user_id', 'updated_at']).execute();
  await db.schema.createIndex('ix_cases_site_status').on('cases').columns(['site_code', 'status', 'id']).execute();
  await db.schema.createIndex('ix_cases_parent').on('cases').column('parent_id').execute();
  await db.schema.createIndex('ix_cases_deadline').on('cases').columns(['status', 'deadline_at']).execute();
  await db.schema.createIndex('ix_cases_handoff').on('cases').columns(['handoff', 'id']).execute();
  await db.schema.createIndex('ix_cases_name_bidx').on('cases').column('applicant_name_bidx').execute();
  await db.schema.createIndex('ix_cases_id_bidx').on('cases').column('applicant_id_bidx').execute();
  await db.schema.createIndex('ix_cases_phone_bidx').on('cases').column('applicant_phone_bidx').execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(16)')
    .addColumn('to_status', 'varchar(16)')
    .addColumn('step_name', 'varchar(32)')
    /** citizen | staff | system | partner */
    .addColumn('actor_type', 'varchar(12)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(64)')
    .addColumn('comment', 'varchar(1000)')
    /** JSON: 补正 items, transfer target … */
    .addColumn('detail', 'text')
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_case_events_case').on('case_events').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_ratings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('aspects', 'varchar(200)', (c) => c.notNull().defaultTo('[]'))
    .addColumn('comment', 'varchar(500)')
    /** Copied from the case so figures per site / form / department need no join. */
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('form_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('department_id', 'integer')
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addUniqueConstraint('uq_case_ratings', ['case_id', 'round'])
    .execute();
  await db.schema.createIndex('ix_case_ratings_site').on('case_ratings').columns(['site_code', 'created_at']).execute();

  await db.schema
    .createTable('rectifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('rating_id', 'integer', (c) => c.notNull().unique())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('department_id', 'integer')
    /** open | answered */
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn(...ts('deadline_at'), (c) => c.notNull())
    .addColumn('answer', 'varchar(1000)')
    .addColumn('answered_by', 'varchar(64)')
    .addColumn(...ts('answered_at'))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_rectifications_site').on('rectifications').columns(['site_code', 'status']).execute();

  await db.schema
    .createTable('file_links')
    .addColumn('file_id', 'varchar(40)', (c) => c.notNull())
    /** case | interaction | document | … */
    .addColumn('owner_type', 'varchar(24)', (c) => c.notNull())
    .addColumn('owner_id', 'varchar(40)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_file_links', ['file_id', 'owner_type', 'owner_id'])
    .execute();
  await db.schema.createIndex('ix_file_links_owner').on('file_links').columns(['owner_type', 'owner_id']).execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('doc_no', 'varchar(40)', (c) => c.notNull().unique())
    /** The template (社保参保证明, 居住证受理回执, 准予许可决定书, 无房证明 …). */
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('case_id', 'integer')
    .addColumn('holder_masked', 'varchar(64)', (c) => c.notNull())
    /** The signed payload (JSON: doc no, kind, holder hash, issued, expires, digest of the PDF). */
    .addColumn('payload', 'text', (c) => c.notNull())
    /** SM2 signature (base64) over the payload, and the key id that made it. */
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('key_id', 'varchar(32)', (c) => c.notNull())
    /** The PDF in the files store. */
    .addColumn('file_id', 'varchar(40)', (c) => c.notNull())
    .addColumn(...ts('issued_at'), (c) => c.notNull())
    .addColumn(...ts('expires_at'))
    .addColumn(...ts('revoked_at'))
    .execute();
  await db.schema.createIndex('ix_documents_user').on('documents').columns(['user_id', 'issued_at']).execute();
  await db.schema.createIndex('ix_documents_case').on('documents').column('case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['documents', 'file_links', 'rectifications', 'case_ratings', 'case_events', 'cases', 'workflows', 'form_versions', 'form_defs']) await db.schema.dropTable(t).execute();
}
