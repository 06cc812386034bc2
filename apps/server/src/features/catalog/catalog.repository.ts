/**
 * SQL for zones (主题集成专区) and apps (应用). Lists read whole site ancestries: a site sees at most
 * a few hundred apps, and nearest-site-wins has to see every level before any filter applies.
 */
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { AppsTable, DB, ZonesTable } from '../../db/schema.js';
import { recordContentChange } from '../search/content-changes.js';

export type ZoneRow = Selectable<ZonesTable>;
export type AppRow = Selectable<AppsTable>;

const anyOf = (codes: string[]) => (codes.length ? codes : ['-']);

export class ZonesRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  listBySites(siteCodes: string[]): Promise<ZoneRow[]> {
    return this.db.selectFrom('zones').selectAll().where('site_code', 'in', anyOf(siteCodes)).orderBy('sort').orderBy('id').execute();
  }

  findById(id: number): Promise<ZoneRow | undefined> {
    return this.db.selectFrom('zones').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByCode(siteCode: string, code: string): Promise<ZoneRow | undefined> {
    return this.db.selectFrom('zones').selectAll().where('site_code', '=', siteCode).where('code', '=', code).executeTakeFirst();
  }

  async insert(values: Insertable<ZonesTable>): Promise<number> {
    const res = await this.db.insertInto('zones').values(values).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async update(id: number, values: Updateable<ZonesTable>): Promise<void> {
    await this.db.updateTable('zones').set(values).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('zones').where('id', '=', id).execute();
  }
}

/**
 * The engine form a 'form' app opens, as the sites of an ancestry have it (nearest first is the
 * caller's choice): read here, not through the forms feature, so the catalogue does not depend on
 * the engine being registered (the form tables are migration 0011).
 */
export function formsByCode(db: Kysely<DB> | Transaction<DB>, code: string, siteCodes: string[]): Promise<{ site_code: string; status: 'online' | 'offline'; latest_version: number }[]> {
  return db.selectFrom('form_defs').select(['site_code', 'status', 'latest_version']).where('code', '=', code).where('site_code', 'in', anyOf(siteCodes)).execute();
}

export class AppsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  listBySites(siteCodes: string[]): Promise<AppRow[]> {
    return this.db.selectFrom('apps').selectAll().where('site_code', 'in', anyOf(siteCodes)).orderBy('sort').orderBy('id').execute();
  }

  findById(id: number): Promise<AppRow | undefined> {
    return this.db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByCode(siteCode: string, code: string): Promise<AppRow | undefined> {
    return this.db.selectFrom('apps').selectAll().where('site_code', '=', siteCode).where('code', '=', code).executeTakeFirst();
  }

  /** Apps that open this item's guide (kind 'item' keeps the item id as its target). */
  async countPointingAtItem(itemId: number): Promise<number> {
    const row = await this.db
      .selectFrom('apps')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'item')
      .where('target', '=', String(itemId))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(values: Insertable<AppsTable>): Promise<number> {
    const res = await this.db.insertInto('apps').values(values).executeTakeFirstOrThrow();
    await recordContentChange(this.db, 'app', Number(res.insertId)); // the search index patches itself from this feed
    return Number(res.insertId);
  }

  async update(id: number, values: Updateable<AppsTable>): Promise<void> {
    await this.db.updateTable('apps').set(values).where('id', '=', id).execute();
    await recordContentChange(this.db, 'app', id);
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('apps').where('id', '=', id).execute();
    await recordContentChange(this.db, 'app', id);
  }
}
