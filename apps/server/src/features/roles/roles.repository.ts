import type { Kysely, Transaction } from 'kysely';
import type { DB, RoleRow } from '../../db/schema.js';

export class RolesRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  all(): Promise<RoleRow[]> {
    return this.db.selectFrom('roles').selectAll().orderBy('id').execute();
  }

  findById(id: number): Promise<RoleRow | undefined> {
    return this.db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByCode(code: string): Promise<RoleRow | undefined> {
    return this.db.selectFrom('roles').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async findByIds(ids: number[]): Promise<RoleRow[]> {
    if (!ids.length) return [];
    return this.db.selectFrom('roles').selectAll().where('id', 'in', ids).execute();
  }

  async insert(values: { code: string; name: string; permissions: string; created_at: string }): Promise<number> {
    const res = await this.db
      .insertInto('roles')
      .values({ ...values, builtin: 0 })
      .executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async update(id: number, values: { code?: string; name?: string; permissions?: string }): Promise<void> {
    await this.db.updateTable('roles').set(values).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('roles').where('id', '=', id).execute();
  }
}
