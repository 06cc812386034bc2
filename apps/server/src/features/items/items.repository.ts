/** SQL for 政务服务事项 (items) and the 部门分类 counts. */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { DB, ItemsTable } from '../../db/schema.js';
import { recordContentChange } from '../search/content-changes.js';
import { likePattern } from '../catalog/site-scope.js';

export type ItemRow = Selectable<ItemsTable> & { department_name: string | null };

export interface ItemFilter {
  siteCodes: string[];
  /** Public lists: online rows only. */
  onlineOnly?: boolean;
  status?: 'online' | 'offline' | undefined;
  /** 'person' also matches items for both; 'both' matches exactly. */
  audience?: 'person' | 'corp' | 'both' | undefined;
  exactAudience?: boolean;
  departmentId?: number | undefined;
  theme?: string | undefined;
  keyword?: string | undefined;
}

export interface DepartmentCountRow {
  id: number;
  name: string;
  code: string;
  site_code: string;
  sort: number;
  item_count: number;
}

const anyOf = (codes: string[]) => (codes.length ? codes : ['-']);

export class ItemsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /**
   * The published, online engine forms filed under these items (form_defs.item_id), on the given
   * sites: one query for a whole page of items. The caller picks the nearest site per item.
   */
  /** Engine forms filed under this item, whatever their site or status (they keep its id). */
  async countFormsOfItem(itemId: number): Promise<number> {
    const row = await this.db.selectFrom('form_defs').select((eb) => eb.fn.countAll().as('n')).where('item_id', '=', itemId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  formsOfItems(itemIds: number[], siteCodes: string[]): Promise<{ item_id: number | null; code: string; site_code: string }[]> {
    if (!itemIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('form_defs')
      .select(['item_id', 'code', 'site_code'])
      .where('item_id', 'in', itemIds)
      .where('site_code', 'in', anyOf(siteCodes))
      .where('status', '=', 'online')
      .where('latest_version', '>=', 1)
      .execute();
  }

  private filtered(f: ItemFilter) {
    let q = this.db.selectFrom('items').leftJoin('departments', 'departments.id', 'items.department_id').where('items.site_code', 'in', anyOf(f.siteCodes));
    if (f.onlineOnly) q = q.where('items.status', '=', 'online');
    if (f.status) q = q.where('items.status', '=', f.status);
    if (f.audience) q = f.exactAudience || f.audience === 'both' ? q.where('items.audience', '=', f.audience) : q.where('items.audience', 'in', [f.audience, 'both']);
    if (f.departmentId) q = q.where('items.department_id', '=', f.departmentId);
    if (f.theme) q = q.where('items.theme', '=', f.theme);
    if (f.keyword) {
      const like = likePattern(f.keyword);
      q = q.where((eb) => eb.or([sql<boolean>`${eb.ref('items.name')} like ${like} escape '!'`, sql<boolean>`${eb.ref('items.keywords')} like ${like} escape '!'`, eb('items.code', '=', f.keyword!)]));
    }
    return q;
  }

  async list(f: ItemFilter, offset: number, limit: number): Promise<{ rows: ItemRow[]; total: number }> {
    const count = await this.filtered(f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.filtered(f)
      .selectAll('items')
      .select('departments.name as department_name')
      .orderBy('items.sort')
      .orderBy('items.id')
      .offset(offset)
      .limit(limit)
      .execute();
    return { rows, total: Number(count.n) };
  }

  findById(id: number): Promise<ItemRow | undefined> {
    return this.db.selectFrom('items').leftJoin('departments', 'departments.id', 'items.department_id').selectAll('items').select('departments.name as department_name').where('items.id', '=', id).executeTakeFirst();
  }

  findByCode(siteCode: string, code: string): Promise<{ id: number } | undefined> {
    return this.db.selectFrom('items').select('id').where('site_code', '=', siteCode).where('code', '=', code).executeTakeFirst();
  }

  /** Departments with at least one online item among these sites, with the count. */
  async departmentsWithItems(siteCodes: string[]): Promise<DepartmentCountRow[]> {
    const rows = await this.db
      .selectFrom('items')
      .innerJoin('departments', 'departments.id', 'items.department_id')
      .select(['departments.id', 'departments.name', 'departments.code', 'departments.site_code', 'departments.sort'])
      .select((eb) => eb.fn.count<number>('items.id').as('item_count'))
      .where('items.site_code', 'in', anyOf(siteCodes))
      .where('items.status', '=', 'online')
      .groupBy(['departments.id', 'departments.name', 'departments.code', 'departments.site_code', 'departments.sort'])
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), sort: Number(r.sort), item_count: Number(r.item_count) }));
  }

  async insert(values: Insertable<ItemsTable>): Promise<number> {
    const res = await this.db.insertInto('items').values(values).executeTakeFirstOrThrow();
    await recordContentChange(this.db, 'item', Number(res.insertId)); // the search index patches itself from this feed
    return Number(res.insertId);
  }

  async update(id: number, values: Updateable<ItemsTable>): Promise<void> {
    await this.db.updateTable('items').set(values).where('id', '=', id).execute();
    await recordContentChange(this.db, 'item', id);
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('items').where('id', '=', id).execute();
    await recordContentChange(this.db, 'item', id);
  }
}
