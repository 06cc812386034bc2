import type { Kysely } from 'kysely';

/**
 * issue 14, 不动产 / 公积金 / 电子证照:
 * - `licence_pins`: a citizen's 6-digit 亮证 PIN, argon2id-hashed, with its lockout (5 wrong → locked).
 * - `licence_events`: every 亮证 (show) and every check of a shown code, so the holder sees who
 *   checked when. `licence_key` is a keyed digest of the licence number (no licence number at rest).
 * - `licence_consents`: a holder's once-per-form agreement that the engine may prefill the form
 *   from their licences (免提交).
 * - `housing_fund_rates`: the loan and deposit rates the 贷款计算器 and 利率信息 show, console data
 *   per site (a county inherits the city's), in basis points (260 = 2.60 %).
 * The licences, houses and fund accounts themselves stay in the bureaus' systems: read on demand.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;

  await db.schema
    .createTable('licence_pins')
    .addColumn('user_id', 'integer', (c) => c.primaryKey())
    .addColumn('pin_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('locked_until'))
    .addColumn(...ts('set_at'), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('licence_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('licence_key', 'varchar(64)', (c) => c.notNull())
    /** show | check */
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    /** The show a check belongs to (random, also inside the QR). */
    .addColumn('show_id', 'varchar(32)', (c) => c.notNull())
    /** valid | expired | revoked | invalid (checks); '' for shows */
    .addColumn('result', 'varchar(12)', (c) => c.notNull().defaultTo(''))
    /** Who checked, as the holder sees it: 张*（实名用户）, 匿名核验 … */
    .addColumn('checker', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('checker_user_id', 'integer')
    .addColumn(...ts('expires_at'))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_licence_events_user').on('licence_events').columns(['user_id', 'licence_key', 'id']).execute();
  await db.schema.createIndex('ix_licence_events_show').on('licence_events').columns(['show_id']).execute();

  await db.schema
    .createTable('licence_consents')
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('form_code', 'varchar(64)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_licence_consents', ['user_id', 'form_code'])
    .execute();

  await db.schema
    .createTable('housing_fund_rates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    /** fund (公积金贷款) | commercial (商业贷款, LPR 加点后) | deposit (公积金存款) */
    .addColumn('kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('term_label', 'varchar(60)', (c) => c.notNull())
    /** Loan terms this rate applies to, in years: min exclusive, max inclusive (0 < years ≤ 5). */
    .addColumn('min_years', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_years', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('rate_bp', 'integer', (c) => c.notNull())
    .addColumn('effective_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_housing_fund_rates_site').on('housing_fund_rates').columns(['site_code', 'kind', 'sort']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['housing_fund_rates', 'licence_consents', 'licence_events', 'licence_pins']) await db.schema.dropTable(t).ifExists().execute();
}
