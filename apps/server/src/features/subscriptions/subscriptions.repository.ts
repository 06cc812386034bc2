import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, FootprintsTable } from '../../db/schema.js';
import type { AppRow } from '../pages/cards.js';
import { isDuplicateKey } from '../../infra/duplicate-key.js';

export type FootprintRow = Selectable<FootprintsTable>;
export type FootprintType = FootprintRow['type'];

/** 我的订阅: the apps a citizen subscribed to. */
export class SubscriptionsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /** The subscribed apps, most recent subscription first. */
  apps(userId: number): Promise<AppRow[]> {
    return this.db
      .selectFrom('subscriptions')
      .innerJoin('apps', 'apps.id', 'subscriptions.app_id')
      .selectAll('apps')
      .where('subscriptions.user_id', '=', userId)
      .orderBy('subscriptions.created_at', 'desc')
      .orderBy('apps.id', 'desc')
      .execute();
  }

  async count(userId: number): Promise<number> {
    const r = await this.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async exists(userId: number, appId: number): Promise<boolean> {
    return (await this.db.selectFrom('subscriptions').select('app_id').where('user_id', '=', userId).where('app_id', '=', appId).executeTakeFirst()) !== undefined;
  }

  /** Idempotent: subscribing twice (or two taps racing) leaves one row. */
  async add(userId: number, appId: number, now: string): Promise<void> {
    try {
      await this.db.insertInto('subscriptions').values({ user_id: userId, app_id: appId, created_at: now }).execute();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async remove(userId: number, appId: number): Promise<void> {
    await this.db.deleteFrom('subscriptions').where('user_id', '=', userId).where('app_id', '=', appId).execute();
  }
}

/** 我的足迹: the latest visit of an owner to each item, app, news or zone. */
export class FootprintsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /** Moves an existing footprint to the top (and refreshes its title), else adds one; true when added. */
  async touch(owner: string, type: FootprintType, refId: string, title: string, now: string): Promise<boolean> {
    const update = () =>
      this.db.updateTable('footprints').set({ title, at: now }).where('owner_key', '=', owner).where('type', '=', type).where('ref_id', '=', refId).executeTakeFirst();
    if (Number((await update()).numUpdatedRows) > 0) return false;
    try {
      await this.db.insertInto('footprints').values({ owner_key: owner, type, ref_id: refId, title, at: now }).execute();
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await update();
      return false;
    }
  }

  list(owner: string, type: FootprintType, limit: number): Promise<FootprintRow[]> {
    return this.db.selectFrom('footprints').selectAll().where('owner_key', '=', owner).where('type', '=', type).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Keeps the newest `keep` footprints of one type. Two steps: MySQL cannot delete from a table it sub-selects. */
  async trim(owner: string, type: FootprintType, keep: number): Promise<void> {
    const old = await this.db
      .selectFrom('footprints')
      .select('id')
      .where('owner_key', '=', owner)
      .where('type', '=', type)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1000)
      .offset(keep)
      .execute();
    if (old.length) await this.db.deleteFrom('footprints').where('id', 'in', old.map((r) => r.id)).execute();
  }

  /** Deletes one footprint of this owner; false when there was none. */
  async remove(owner: string, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('footprints').where('owner_key', '=', owner).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async clear(owner: string): Promise<void> {
    await this.db.deleteFrom('footprints').where('owner_key', '=', owner).execute();
  }
}
