/**
 * 办事预约 as a kind of the bookings core: a hall window's slot is a place we own (the slot's
 * counter), given at once, so the core records it as confirmed and 我的预约 lists it with the
 * other kinds. The appointments table keeps the window's side (slot, item, 预约号 at the window);
 * the ledger entry carries the same 预约号 and points back with ref_id.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RecordInput, ResourceType } from '../bookings/bookings.service.js';
import { instantOf } from './beijing-time.js';
import type { HallRow } from './halls.repository.js';
import { SlotsRepository, type SlotWithWindow } from './slots.repository.js';

export const ITEM_KIND = 'item';

const isoOf = (day: string, time: string) => new Date(instantOf(day, time)).toISOString();

/** Where a hall window is, as 我的预约 shows it (also what migration 0016 wrote for older bookings). */
export const windowPlace = (hallName: string, windowName: string) => `${hallName} ${windowName}`;

export function itemBooking(a: { appointmentId: number; code: string; userId: number; itemName: string; hall: HallRow; slot: SlotWithWindow }): RecordInput {
  return {
    userId: a.userId,
    kind: ITEM_KIND,
    resourceRef: String(a.slot.id),
    refId: a.appointmentId,
    code: a.code,
    title: a.itemName,
    place: windowPlace(a.hall.name, a.slot.window_name),
    startsAt: isoOf(a.slot.day, a.slot.start_time),
    endsAt: isoOf(a.slot.day, a.slot.end_time),
    detail: { hallId: a.hall.id, windowId: a.slot.window_id, address: a.hall.address, phone: a.hall.phone },
    siteCode: a.hall.site_code,
  };
}

export function itemResourceType(db: Kysely<DB>): ResourceType {
  return {
    kind: ITEM_KIND,
    owner: 'local',
    link: (b) => (b.ref_id !== null ? `/me/appointments/${b.ref_id}` : '/me/appointments'),
    // Only a held place is released, and 办事预约 records its bookings confirmed; kept right for
    // any caller that holds one anyway: the place goes back to the slot's counter.
    release: async (b) => {
      await new SlotsRepository(db).givePlace(Number(b.resource_ref));
    },
  };
}
