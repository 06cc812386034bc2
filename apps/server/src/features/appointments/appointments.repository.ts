import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface AppointmentDetailRow {
  id: number;
  code: string;
  user_id: number;
  item_id: number;
  status: 'booked' | 'cancelled';
  created_at: string;
  cancelled_at: string | null;
  slot_id: number;
  day: string;
  start_time: string;
  end_time: string;
  window_id: number;
  window_name: string;
  hall_id: number;
  hall_name: string;
  hall_address: string;
  hall_phone: string;
  hall_site_code: string;
  item_name: string | null;
}

export interface AdminAppointmentRow extends AppointmentDetailRow {
  name_enc: string | null;
  phone_enc: string | null;
  corp_name: string | null;
}

export interface AdminAppointmentFilter {
  siteCodes: string[];
  hallId?: number | undefined;
  day?: string | undefined;
  status?: 'booked' | 'cancelled' | 'done' | undefined;
  /** Beijing "now", to tell upcoming bookings from past ones in SQL. */
  today: string;
  nowTime: string;
}


export class AppointmentsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  private detail() {
    return this.db
      .selectFrom('appointments as a')
      .innerJoin('slots as s', 's.id', 'a.slot_id')
      .innerJoin('hall_windows as w', 'w.id', 's.window_id')
      .innerJoin('halls as h', 'h.id', 's.hall_id')
      .leftJoin('items as i', 'i.id', 'a.item_id')
      .select([
        'a.id as id',
        'a.code as code',
        'a.user_id as user_id',
        'a.item_id as item_id',
        'a.status as status',
        'a.created_at as created_at',
        'a.cancelled_at as cancelled_at',
        's.id as slot_id',
        's.day as day',
        's.start_time as start_time',
        's.end_time as end_time',
        'w.id as window_id',
        'w.name as window_name',
        'h.id as hall_id',
        'h.name as hall_name',
        'h.address as hall_address',
        'h.phone as hall_phone',
        'h.site_code as hall_site_code',
        'i.name as item_name',
      ]);
  }

  findDetail(id: number): Promise<AppointmentDetailRow | undefined> {
    return this.detail().where('a.id', '=', id).executeTakeFirst();
  }

  /** The citizen's bookings, newest first. */
  listOfUser(userId: number, limit: number): Promise<AppointmentDetailRow[]> {
    return this.detail().where('a.user_id', '=', userId).orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
  }

  /**
   * Serialises one citizen's bookings: a no-op UPDATE takes the user's row lock (InnoDB keeps it
   * to commit; SQLite has one writer anyway), so two parallel requests of the same person cannot
   * both pass the one-per-item-per-day check. Portable where SELECT … FOR UPDATE is not (SQLite).
   */
  async lockUser(userId: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('id', '=', userId)
      .execute();
  }

  async hasActiveOnDay(userId: number, itemId: number, day: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('appointments as a')
      .innerJoin('slots as s', 's.id', 'a.slot_id')
      .select('a.id')
      .where('a.user_id', '=', userId)
      .where('a.item_id', '=', itemId)
      .where('a.status', '=', 'booked')
      .where('s.day', '=', day)
      .executeTakeFirst();
    return row !== undefined;
  }

  async insert(values: { code: string; user_id: number; slot_id: number; item_id: number; created_at: string }): Promise<number> {
    const res = await this.db
      .insertInto('appointments')
      .values({ ...values, status: 'booked', cancelled_at: null })
      .executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  /** Cancels a booking that is still active; false when it was cancelled already (e.g. a double tap). */
  async markCancelled(id: number, at: string): Promise<boolean> {
    const res = await this.db.updateTable('appointments').set({ status: 'cancelled', cancelled_at: at }).where('id', '=', id).where('status', '=', 'booked').executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Bookings of any status that refer to the hall's (or one window's) slots. */
  async countFor(scope: { hallId: number } | { windowId: number }): Promise<number> {
    let q = this.db.selectFrom('appointments as a').innerJoin('slots as s', 's.id', 'a.slot_id').select((eb) => eb.fn.countAll<number>().as('n'));
    q = 'hallId' in scope ? q.where('s.hall_id', '=', scope.hallId) : q.where('s.window_id', '=', scope.windowId);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async adminList(f: AdminAppointmentFilter, offset: number, limit: number): Promise<{ rows: AdminAppointmentRow[]; total: number }> {
    let base = this.db
      .selectFrom('appointments as a')
      .innerJoin('slots as s', 's.id', 'a.slot_id')
      .innerJoin('hall_windows as w', 'w.id', 's.window_id')
      .innerJoin('halls as h', 'h.id', 's.hall_id')
      .leftJoin('items as i', 'i.id', 'a.item_id')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .where('h.site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-']);
    if (f.hallId !== undefined) base = base.where('h.id', '=', f.hallId);
    if (f.day !== undefined) base = base.where('s.day', '=', f.day);
    if (f.status === 'cancelled') base = base.where('a.status', '=', 'cancelled');
    // A booking is over once its slot has ended. Days and times are fixed-width strings, so this
    // is plain string ordering on both databases.
    if (f.status === 'booked') {
      base = base.where('a.status', '=', 'booked').where((eb) => eb.or([eb('s.day', '>', f.today), eb.and([eb('s.day', '=', f.today), eb('s.end_time', '>', f.nowTime)])]));
    }
    if (f.status === 'done') {
      base = base.where('a.status', '=', 'booked').where((eb) => eb.or([eb('s.day', '<', f.today), eb.and([eb('s.day', '=', f.today), eb('s.end_time', '<=', f.nowTime)])]));
    }

    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .select([
        'a.id as id',
        'a.code as code',
        'a.user_id as user_id',
        'a.item_id as item_id',
        'a.status as status',
        'a.created_at as created_at',
        'a.cancelled_at as cancelled_at',
        's.id as slot_id',
        's.day as day',
        's.start_time as start_time',
        's.end_time as end_time',
        'w.id as window_id',
        'w.name as window_name',
        'h.id as hall_id',
        'h.name as hall_name',
        'h.address as hall_address',
        'h.phone as hall_phone',
        'h.site_code as hall_site_code',
        'i.name as item_name',
        'u.name_enc as name_enc',
        'u.phone_enc as phone_enc',
        'u.corp_name as corp_name',
      ])
      .orderBy('s.day', 'desc')
      .orderBy('s.start_time')
      .orderBy('a.id')
      .limit(limit)
      .offset(offset)
      .execute();
    return { rows, total: Number(count.n) };
  }
}
