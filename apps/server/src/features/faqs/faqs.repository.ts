/** SQL for 常见问题 (faqs) and 答复模板 (reply_templates). */
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, FaqsTable, ReplyTemplatesTable } from '../../db/schema.js';

export type FaqRow = Selectable<FaqsTable>;
export type ReplyTemplateRow = Selectable<ReplyTemplatesTable> & { department_name: string | null };

const none = (codes: string[]) => (codes.length ? codes : ['-']);

export class FaqsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Every row of these sites (a site sees a few hundred at most), in the one display order:
   * sort ascending, then the most recently updated first; id breaks ties so pages are stable.
   */
  listForSites(siteCodes: string[], publishedOnly: boolean): Promise<FaqRow[]> {
    let q = this.db.selectFrom('faqs').selectAll().where('site_code', 'in', none(siteCodes));
    if (publishedOnly) q = q.where('published', '=', 1);
    return q.orderBy('sort', 'asc').orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
  }

  findById(id: number): Promise<FaqRow | undefined> {
    return this.db.selectFrom('faqs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(values: Insertable<FaqsTable>): Promise<number> {
    const res = await this.db.insertInto('faqs').values(values).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async update(id: number, values: Updateable<FaqsTable>): Promise<void> {
    await this.db.updateTable('faqs').set(values).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('faqs').where('id', '=', id).execute();
  }

  /** One more reading; a single-row increment, so concurrent readers never lose a count. */
  async addView(id: number): Promise<void> {
    await this.db
      .updateTable('faqs')
      .set({ views: sql<number>`views + 1` })
      .where('id', '=', id)
      .execute();
  }

  /** The site of an interaction (a case of kind interaction), for 转为常见问题's link. */
  async interactionSite(caseId: number): Promise<string | null> {
    const row = await this.db.selectFrom('interactions').select('site_code').where('case_id', '=', caseId).executeTakeFirst();
    return row?.site_code ?? null;
  }
}

export class ReplyTemplatesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('reply_templates as t')
      .leftJoin('departments as d', 'd.id', 't.department_id')
      .selectAll('t')
      .select('d.name as department_name');
  }

  /**
   * Site-wide templates (no department) of these sites, plus the department templates of
   * `departmentSite` — all of them, or only `departmentId`'s when given.
   */
  list(siteCodes: string[], departmentSite: string, departmentId: number | null): Promise<ReplyTemplateRow[]> {
    return this.base()
      .where((eb) =>
        eb.or([
          eb.and([eb('t.site_code', 'in', none(siteCodes)), eb('t.department_id', 'is', null)]),
          departmentId === null
            ? eb.and([eb('t.site_code', '=', departmentSite), eb('t.department_id', 'is not', null)])
            : eb('t.department_id', '=', departmentId),
        ]),
      )
      .orderBy('t.id', 'asc')
      .execute();
  }

  findById(id: number): Promise<ReplyTemplateRow | undefined> {
    return this.base().where('t.id', '=', id).executeTakeFirst();
  }

  async insert(values: Insertable<ReplyTemplatesTable>): Promise<number> {
    const res = await this.db.insertInto('reply_templates').values(values).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async update(id: number, values: Updateable<ReplyTemplatesTable>): Promise<void> {
    await this.db.updateTable('reply_templates').set(values).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('reply_templates').where('id', '=', id).execute();
  }

  department(id: number): Promise<{ id: number; site_code: string; name: string } | undefined> {
    return this.db.selectFrom('departments').select(['id', 'site_code', 'name']).where('id', '=', id).executeTakeFirst();
  }
}
