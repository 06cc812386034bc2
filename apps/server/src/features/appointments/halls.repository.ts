import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, HallsTable, HallWindowsTable, ItemsTable } from '../../db/schema.js';

export type HallRow = Selectable<HallsTable>;
export type WindowRow = Selectable<HallWindowsTable>;
export type BookingItemRow = Pick<Selectable<ItemsTable>, 'id' | 'name' | 'site_code' | 'bookable' | 'status'>;

/** hall_windows.item_ids is JSON text; a damaged value must not take the booking pages down. */
export function parseItemIds(raw: string): number[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(Number).filter((n) => Number.isInteger(n) && n > 0) : [];
  } catch {
    return [];
  }
}

/** Service halls (政务服务大厅) and their windows, plus the few item reads booking needs. */
export class HallsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  listHalls(siteCodes: string[]): Promise<HallRow[]> {
    return this.db
      .selectFrom('halls')
      .selectAll()
      .where('site_code', 'in', siteCodes.length ? siteCodes : ['-'])
      .orderBy('site_code')
      .orderBy('id')
      .execute();
  }

  hallsByIds(ids: number[]): Promise<HallRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('halls').selectAll().where('id', 'in', ids).orderBy('id').execute();
  }

  findHall(id: number): Promise<HallRow | undefined> {
    return this.db.selectFrom('halls').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findHallByName(siteCode: string, name: string): Promise<HallRow | undefined> {
    return this.db.selectFrom('halls').selectAll().where('site_code', '=', siteCode).where('name', '=', name).executeTakeFirst();
  }

  async insertHall(values: Insertable<HallsTable>): Promise<number> {
    const res = await this.db.insertInto('halls').values(values).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async updateHall(id: number, values: { name?: string; address?: string; phone?: string; hours?: string }): Promise<void> {
    await this.db.updateTable('halls').set(values).where('id', '=', id).execute();
  }

  /** Removes the hall with its windows and slots; the caller has checked no booking refers to them. */
  async deleteHall(id: number): Promise<void> {
    await this.db.deleteFrom('slots').where('hall_id', '=', id).execute();
    await this.db.deleteFrom('hall_windows').where('hall_id', '=', id).execute();
    await this.db.deleteFrom('halls').where('id', '=', id).execute();
  }

  windowsOf(hallIds: number[]): Promise<WindowRow[]> {
    if (!hallIds.length) return Promise.resolve([]);
    return this.db.selectFrom('hall_windows').selectAll().where('hall_id', 'in', hallIds).orderBy('hall_id').orderBy('id').execute();
  }

  /** Every window: item_ids is JSON text, so "who serves item X" is answered in code. */
  allWindows(): Promise<WindowRow[]> {
    return this.db.selectFrom('hall_windows').selectAll().orderBy('hall_id').orderBy('id').execute();
  }

  findWindow(id: number): Promise<WindowRow | undefined> {
    return this.db.selectFrom('hall_windows').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findWindowByName(hallId: number, name: string): Promise<WindowRow | undefined> {
    return this.db.selectFrom('hall_windows').selectAll().where('hall_id', '=', hallId).where('name', '=', name).executeTakeFirst();
  }

  async insertWindow(values: { hall_id: number; name: string; item_ids: number[] }): Promise<number> {
    const res = await this.db
      .insertInto('hall_windows')
      .values({ hall_id: values.hall_id, name: values.name, item_ids: JSON.stringify(values.item_ids) })
      .executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async updateWindow(id: number, values: { name?: string; itemIds?: number[] }): Promise<void> {
    const set: { name?: string; item_ids?: string } = {};
    if (values.name !== undefined) set.name = values.name;
    if (values.itemIds !== undefined) set.item_ids = JSON.stringify(values.itemIds);
    if (Object.keys(set).length) await this.db.updateTable('hall_windows').set(set).where('id', '=', id).execute();
  }

  async deleteWindow(id: number): Promise<void> {
    await this.db.deleteFrom('slots').where('window_id', '=', id).execute();
    await this.db.deleteFrom('hall_windows').where('id', '=', id).execute();
  }

  // ---- items (read only; the catalog owns them) -------------------------------------------------

  findItem(id: number): Promise<BookingItemRow | undefined> {
    return this.db.selectFrom('items').select(['id', 'name', 'site_code', 'bookable', 'status']).where('id', '=', id).executeTakeFirst();
  }

  itemsByIds(ids: number[]): Promise<BookingItemRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('items').select(['id', 'name', 'site_code', 'bookable', 'status']).where('id', 'in', ids).execute();
  }

  /** Bookable, online items of one site with their department's name (used to route them to windows). */
  bookableItemsOfSite(siteCode: string): Promise<{ id: number; name: string; department: string | null }[]> {
    return this.db
      .selectFrom('items')
      .leftJoin('departments', 'departments.id', 'items.department_id')
      .select(['items.id as id', 'items.name as name', 'departments.name as department'])
      .where('items.site_code', '=', siteCode)
      .where('items.bookable', '=', 1)
      .where('items.status', '=', 'online')
      .orderBy('items.sort')
      .orderBy('items.id')
      .execute();
  }
}
