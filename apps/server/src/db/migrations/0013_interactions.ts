import type { Kysely } from 'kysely';

/**
 * issue 11, the 互动 channel (咨询 / 建议 / 投诉) on the applications engine:
 * - an interaction IS a case (kind `interaction`, workflow `interaction-<type>`): the engine's one
 *   state machine, working-day clock, timeline, ratings and scope serve it. `interactions` holds
 *   only what a case has no column for: its type, the citizen's 公开 wish and the staff's decision,
 *   the masked public text (written once at approval, so the public pages never decrypt), the
 *   reply (staff text), the one 追问 (encrypted: the citizen's words), unread flags and the
 *   figures 数据统计 groups by (`month` of submission in Beijing time, `reply_seconds` of the
 *   first reply), so statistics read this narrow table with portable GROUP BYs.
 * - `faqs` are 常见问题 per site (a county inherits the city's), with the question's pinyin and
 *   initials kept for matching.
 * - `reply_templates` are 答复模板 per site and department.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;

  await db.schema
    .createTable('interactions')
    .addColumn('case_id', 'integer', (c) => c.primaryKey())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    /** Kept equal to cases.site_code (a 转办 to a county department moves both). */
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('department_id', 'integer')
    /** YYYY-MM of submission, Beijing time. */
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('want_public', 'integer', (c) => c.notNull().defaultTo(0))
    /** none | published | withdrawn (答复公开 needs want_public AND the staff's approval). */
    .addColumn('publish_state', 'varchar(12)', (c) => c.notNull().defaultTo('none'))
    .addColumn('public_title', 'varchar(100)')
    .addColumn('public_content', 'text')
    .addColumn('public_reply', 'text')
    .addColumn(...ts('published_at'))
    /** The latest reply (staff text) and who gave it. */
    .addColumn('reply', 'text')
    .addColumn('reply_department_id', 'integer')
    .addColumn(...ts('replied_at'))
    /** Seconds from submission to the FIRST reply (平均答复时长). */
    .addColumn('reply_seconds', 'integer')
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_unread', 'integer', (c) => c.notNull().defaultTo(0))
    /** The one 追问, SM4-encrypted. */
    .addColumn('followup_enc', 'text')
    .addColumn(...ts('followup_at'))
    /** When the overdue item was escalated to 督办 (once). */
    .addColumn(...ts('escalated_at'))
    .addColumn(...ts('submitted_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_interactions_site_month').on('interactions').columns(['site_code', 'month']).execute();
  await db.schema.createIndex('ix_interactions_public').on('interactions').columns(['publish_state', 'site_code', 'published_at']).execute();

  await db.schema
    .createTable('faqs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addColumn('question', 'varchar(200)', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    /** Full pinyin and initials of the question (runs separated by spaces). */
    .addColumn('question_py', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('question_ini', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('source_case_id', 'integer')
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_faqs_site').on('faqs').columns(['site_code', 'published', 'sort']).execute();

  await db.schema
    .createTable('reply_templates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    /** null = every department of the site. */
    .addColumn('department_id', 'integer')
    .addColumn('title', 'varchar(40)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_reply_templates_site').on('reply_templates').columns(['site_code', 'department_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['reply_templates', 'faqs', 'interactions']) await db.schema.dropTable(t).execute();
}
