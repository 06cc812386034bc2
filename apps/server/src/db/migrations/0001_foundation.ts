import { type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;

  await db.schema
    .createTable('sites')
    .addColumn('code', 'varchar(12)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('parent_code', 'varchar(12)')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('code', 'varchar(32)', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addUniqueConstraint('uq_departments_site_code', ['site_code', 'code'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('phone_enc', 'varchar(255)')
    .addColumn('phone_idx', 'varchar(64)', (c) => c.unique())
    .addColumn('name_enc', 'varchar(255)')
    .addColumn('id_number_enc', 'varchar(255)')
    .addColumn('id_number_idx', 'varchar(64)')
    .addColumn('username', 'varchar(32)', (c) => c.unique())
    .addColumn('email_enc', 'varchar(512)')
    .addColumn('corp_name', 'varchar(200)')
    .addColumn('credit_code_enc', 'varchar(255)')
    .addColumn('credit_code_idx', 'varchar(64)')
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('real_name_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('real_name_verified_at'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('locked_until'))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addColumn(...ts('deleted_at'))
    .execute();
  await db.schema.createIndex('ix_users_id_number_idx').on('users').column('id_number_idx').execute();
  await db.schema.createIndex('ix_users_credit_code_idx').on('users').column('credit_code_idx').execute();

  await db.schema
    .createTable('sms_codes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('phone_idx', 'varchar(64)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn(...ts('expires_at'), (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('consumed_at'))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_sms_codes_phone').on('sms_codes').columns(['phone_idx', 'purpose']).execute();

  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('phone_idx', 'varchar(64)', (c) => c.notNull())
    .addColumn('phone_enc', 'varchar(255)', (c) => c.notNull())
    .addColumn('text', 'varchar(500)', (c) => c.notNull())
    .addColumn('code', 'varchar(16)')
    .addColumn(...ts('sent_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_sms_outbox_phone').on('sms_outbox').column('phone_idx').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('realm', 'varchar(8)', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('last_seen_at'), (c) => c.notNull())
    .addColumn(...ts('expires_at'), (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(255)')
    .execute();
  await db.schema.createIndex('ix_sessions_subject').on('sessions').columns(['realm', 'subject_id']).execute();

  await db.schema
    .createTable('staff')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(50)', (c) => c.notNull())
    .addColumn('phone_enc', 'varchar(255)')
    .addColumn('phone_idx', 'varchar(64)')
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('department_id', 'integer')
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('otp_secret_enc', 'varchar(255)')
    .addColumn('otp_pending_enc', 'varchar(255)')
    .addColumn('otp_last_step', 'bigint')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('locked_until'))
    .addColumn(...ts('last_login_at'))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('roles')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_roles')
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('role_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_staff_roles', ['staff_id', 'role_id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn(...ts('at'), (c) => c.notNull())
    .addColumn('actor_type', 'varchar(8)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(50)')
    .addColumn('site_code', 'varchar(12)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('object_type', 'varchar(32)')
    .addColumn('object_id', 'varchar(64)')
    .addColumn('summary', 'varchar(1000)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('result', 'varchar(8)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(64)')
    .execute();
  await db.schema.createIndex('ix_audit_at').on('audit_log').column('at').execute();

  await db.schema
    .createTable('oauth_providers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('authorize_url', 'varchar(255)', (c) => c.notNull())
    .addColumn('token_url', 'varchar(255)', (c) => c.notNull())
    .addColumn('userinfo_url', 'varchar(255)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('client_secret_enc', 'varchar(255)', (c) => c.notNull())
    .addColumn('scope', 'varchar(100)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_identities')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('provider_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject', 'varchar(128)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addUniqueConstraint('uq_identity', ['provider_code', 'subject'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['user_identities', 'oauth_providers', 'audit_log', 'staff_roles', 'roles', 'staff', 'sessions', 'sms_outbox', 'sms_codes', 'users', 'departments', 'sites']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
