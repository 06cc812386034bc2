import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewUser, UserRow, UserUpdate } from '../../db/schema.js';

/** True for a UNIQUE violation on SQLite and MySQL/MariaDB alike. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062;
}

/**
 * Citizen accounts (users) and their third-party bindings (user_identities). Personal columns
 * arrive here already encrypted / indexed by the service: this class never sees plain text.
 */
export class UsersRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  findById(id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findActiveById(id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  }

  findByPhoneIdx(phoneIdx: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('phone_idx', '=', phoneIdx).where('status', '=', 'active').executeTakeFirst();
  }

  /** Usernames are stored lower-case, so this is case-insensitive on both databases. */
  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).where('status', '=', 'active').executeTakeFirst();
  }

  async usernameTaken(username: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('users').select('id').where('username', '=', username.toLowerCase());
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(values: NewUser): Promise<number> {
    const res = await this.db.insertInto('users').values(values).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async update(id: number, values: UserUpdate): Promise<void> {
    await this.db.updateTable('users').set(values).where('id', '=', id).execute();
  }

  /** Atomic, so parallel wrong passwords are all counted; returns the new count. */
  async countFailedLogin(id: number, at: string): Promise<number> {
    await this.db
      .updateTable('users')
      .set({ failed_logins: sql<number>`failed_logins + 1`, updated_at: at })
      .where('id', '=', id)
      .execute();
    const row = await this.db.selectFrom('users').select('failed_logins').where('id', '=', id).executeTakeFirstOrThrow();
    return row.failed_logins;
  }

  findIdentity(providerCode: string, subject: string) {
    return this.db.selectFrom('user_identities').selectAll().where('provider_code', '=', providerCode).where('subject', '=', subject).executeTakeFirst();
  }

  identityOf(userId: number, providerCode: string) {
    return this.db.selectFrom('user_identities').selectAll().where('user_id', '=', userId).where('provider_code', '=', providerCode).executeTakeFirst();
  }

  async insertIdentity(userId: number, providerCode: string, subject: string, at: string): Promise<void> {
    await this.db.insertInto('user_identities').values({ user_id: userId, provider_code: providerCode, subject, created_at: at }).execute();
  }

  async deleteIdentitiesOf(userId: number): Promise<void> {
    await this.db.deleteFrom('user_identities').where('user_id', '=', userId).execute();
  }
}
