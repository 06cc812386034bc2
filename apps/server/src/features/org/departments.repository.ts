import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, DepartmentsTable } from '../../db/schema.js';
import { recordContentChange } from '../search/content-changes.js';

export type DepartmentRow = Selectable<DepartmentsTable>;

export class DepartmentsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  list(siteCodes: string[]): Promise<DepartmentRow[]> {
    return this.db
      .selectFrom('departments')
      .selectAll()
      .where('site_code', 'in', siteCodes.length ? siteCodes : ['-'])
      .orderBy('site_code')
      .orderBy('sort')
      .orderBy('id')
      .execute();
  }

  findById(id: number): Promise<DepartmentRow | undefined> {
    return this.db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByCode(siteCode: string, code: string): Promise<DepartmentRow | undefined> {
    return this.db.selectFrom('departments').selectAll().where('site_code', '=', siteCode).where('code', '=', code).executeTakeFirst();
  }

  async insert(values: Omit<DepartmentRow, 'id'>): Promise<number> {
    const res = await this.db.insertInto('departments').values(values).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async update(id: number, values: { name?: string; code?: string; sort?: number }): Promise<void> {
    await this.db.updateTable('departments').set(values).where('id', '=', id).execute();
    await recordContentChange(this.db, 'department', id); // its name is searched in its items
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('departments').where('id', '=', id).execute();
  }
}
