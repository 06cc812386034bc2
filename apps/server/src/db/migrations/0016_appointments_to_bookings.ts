import type { Kysely } from 'kysely';

/**
 * issue 12: 办事预约 becomes a kind of the bookings core. From now on every appointment also writes
 * its entry in `bookings` (kind `item`), the ledger 我的预约 reads; this copies the appointments made
 * before, so they show there too. Same 预约号, ref_id = appointments.id, times from the slot's
 * Beijing day and clock as ISO UTC, status booked → confirmed, cancelled → cancelled.
 * Kysely reads and batched inserts, so it runs the same on SQLite and MariaDB; appointments that
 * already have their entry are skipped, so running it again changes nothing.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */

/** Rows read and written per round: one INSERT statement each, far below both databases' limits. */
const BATCH = 500;
/** What 办事预约 shows for an item taken offline since (appointments.view.ts ITEM_GONE). */
const ITEM_GONE = '（事项已下线）';

/** Beijing is UTC+8 without daylight saving since 1991: the slot's wall clock as an instant. */
const isoOf = (day: string, time: string) => new Date(Date.parse(`${day}T${time}:00+08:00`)).toISOString();

export async function up(db: Kysely<any>): Promise<void> {
  let after = 0;
  for (;;) {
    const rows: any[] = await db
      .selectFrom('appointments as a')
      .innerJoin('slots as s', 's.id', 'a.slot_id')
      .innerJoin('hall_windows as w', 'w.id', 's.window_id')
      .innerJoin('halls as h', 'h.id', 's.hall_id')
      .leftJoin('items as i', 'i.id', 'a.item_id')
      .leftJoin('bookings as b', (j) => j.onRef('b.ref_id', '=', 'a.id').on('b.kind', '=', 'item'))
      .selectAll('a')
      .select(['s.day', 's.start_time', 's.end_time', 's.window_id', 's.hall_id', 'w.name as window_name', 'h.name as hall_name', 'h.address as hall_address', 'h.phone as hall_phone', 'h.site_code', 'i.name as item_name', 'b.id as booking_id'])
      .where('a.id', '>', after)
      .orderBy('a.id')
      .limit(BATCH)
      .execute();
    if (!rows.length) return;
    after = Number(rows[rows.length - 1].id);
    const values = rows
      .filter((r) => r.booking_id === null)
      .map((r) => ({
        code: r.code,
        user_id: r.user_id,
        kind: 'item',
        owner: 'local',
        resource_ref: String(r.slot_id),
        ref_id: r.id,
        partner_ref: null,
        status: r.status === 'cancelled' ? 'cancelled' : 'confirmed',
        hold_expires_at: null,
        order_id: null,
        amount_fen: 0,
        refund_status: 'none',
        title: r.item_name ?? ITEM_GONE,
        place: `${r.hall_name} ${r.window_name}`,
        starts_at: isoOf(r.day, r.start_time),
        ends_at: isoOf(r.day, r.end_time),
        subject_name: null,
        subject_id: null,
        detail: JSON.stringify({ hallId: r.hall_id, windowId: r.window_id, address: r.hall_address, phone: r.hall_phone }),
        site_code: r.site_code,
        created_at: r.created_at,
        updated_at: r.cancelled_at ?? r.created_at,
        confirmed_at: r.created_at,
        cancelled_at: r.cancelled_at,
      }));
    if (values.length) await db.insertInto('bookings').values(values).execute();
    if (rows.length < BATCH) return;
  }
}

/** Every item entry goes: the appointments table still holds each of them, the source before 0016. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('bookings').where('kind', '=', 'item').execute();
}
