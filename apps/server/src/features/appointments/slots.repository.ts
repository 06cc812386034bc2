import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, SlotsTable } from '../../db/schema.js';

export type SlotRow = Selectable<SlotsTable>;
export type NewSlot = Insertable<SlotsTable>;
export type SlotWithWindow = SlotRow & { window_name: string; item_ids: string };

/** Slot inserts go in batches: one statement per batch keeps a 14-day generation fast on MariaDB. */
const BATCH = 200;

export class SlotsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  findWithWindow(id: number): Promise<SlotWithWindow | undefined> {
    return this.db
      .selectFrom('slots')
      .innerJoin('hall_windows', 'hall_windows.id', 'slots.window_id')
      .selectAll('slots')
      .select(['hall_windows.name as window_name', 'hall_windows.item_ids as item_ids'])
      .where('slots.id', '=', id)
      .executeTakeFirst();
  }

  findById(id: number): Promise<SlotRow | undefined> {
    return this.db.selectFrom('slots').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Slots of the given windows between two days (inclusive), in day and time order. */
  listForWindows(windowIds: number[], fromDay: string, toDay: string): Promise<SlotWithWindow[]> {
    if (!windowIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('slots')
      .innerJoin('hall_windows', 'hall_windows.id', 'slots.window_id')
      .selectAll('slots')
      .select(['hall_windows.name as window_name', 'hall_windows.item_ids as item_ids'])
      .where('slots.window_id', 'in', windowIds)
      .where('slots.day', '>=', fromDay)
      .where('slots.day', '<=', toDay)
      .orderBy('slots.day')
      .orderBy('slots.start_time')
      .orderBy('slots.window_id')
      .execute();
  }

  listOfHall(hallId: number, day: string, windowId?: number): Promise<SlotWithWindow[]> {
    let q = this.db
      .selectFrom('slots')
      .innerJoin('hall_windows', 'hall_windows.id', 'slots.window_id')
      .selectAll('slots')
      .select(['hall_windows.name as window_name', 'hall_windows.item_ids as item_ids'])
      .where('slots.hall_id', '=', hallId)
      .where('slots.day', '=', day);
    if (windowId !== undefined) q = q.where('slots.window_id', '=', windowId);
    return q.orderBy('slots.window_id').orderBy('slots.start_time').execute();
  }

  /** "day start" keys of the window's slots in a range: what generation must not create again. */
  async existingKeys(windowId: number, fromDay: string, toDay: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('slots')
      .select(['day', 'start_time'])
      .where('window_id', '=', windowId)
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .execute();
    return new Set(rows.map((r) => `${r.day} ${r.start_time}`));
  }

  async insertMany(rows: NewSlot[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db
        .insertInto('slots')
        .values(rows.slice(i, i + BATCH))
        .execute();
    }
  }

  async insertOne(row: NewSlot): Promise<void> {
    await this.db.insertInto('slots').values(row).execute();
  }

  /**
   * Takes one place, or reports that none is left. A single conditional UPDATE is atomic on both
   * databases: InnoDB re-reads the row under its X lock before applying `booked < capacity`, and
   * SQLite runs one writer at a time, so concurrent bookings can never push booked past capacity.
   */
  async takePlace(id: number): Promise<boolean> {
    const res = await this.db
      .updateTable('slots')
      .set({ booked: sql<number>`booked + 1` })
      .where('id', '=', id)
      .where((eb) => eb('booked', '<', eb.ref('capacity')))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Gives a place back; the guard keeps the counter from going negative if data was repaired by hand. */
  async givePlace(id: number): Promise<void> {
    await this.db
      .updateTable('slots')
      .set({ booked: sql<number>`booked - 1` })
      .where('id', '=', id)
      .where('booked', '>', 0)
      .execute();
  }

  /** Changes the capacity unless more people have booked than it would allow (checked atomically). */
  async setCapacity(id: number, capacity: number): Promise<boolean> {
    const res = await this.db.updateTable('slots').set({ capacity }).where('id', '=', id).where('booked', '<=', capacity).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /**
   * Deletes the slot only if nobody has ever booked it: a cancelled booking still shows in the
   * citizen's 我的预约 and needs its slot. The condition is part of the DELETE, so a booking that
   * lands at the same moment either wins (and the slot stays) or finds the slot gone.
   */
  async deleteIfUnused(id: number): Promise<boolean> {
    const res = await this.db
      .deleteFrom('slots')
      .where('id', '=', id)
      .where('booked', '=', 0)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('appointments').select('appointments.id').where('appointments.slot_id', '=', id))))
      .executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }
}
