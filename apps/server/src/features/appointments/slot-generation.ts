/**
 * Creates a window's time slots for a date range from a weekly pattern. Shared by the console
 * (号源生成) and the demo seed. Existing slots are never touched — the unique key
 * (window_id, day, start_time) decides what exists — so running it twice is harmless.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isUniqueViolation } from '../auth/users.repository.js';
import { addDays, instantOf, isoWeekday } from './beijing-time.js';
import { SlotsRepository, type NewSlot } from './slots.repository.js';

export interface SlotPlan {
  from: string;
  to: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  times: { start: string; end: string; capacity: number }[];
}

const CHUNK = 200;

export async function generateSlots(db: Kysely<DB> | Transaction<DB>, window: { id: number; hall_id: number }, plan: SlotPlan, now: number): Promise<{ created: number; skipped: number }> {
  const repo = new SlotsRepository(db);
  const existing = await repo.existingKeys(window.id, plan.from, plan.to);
  const wanted: NewSlot[] = [];
  let skipped = 0;
  for (let day = plan.from; day <= plan.to; day = addDays(day, 1)) {
    if (!plan.weekdays.includes(isoWeekday(day))) continue;
    for (const t of plan.times) {
      // A slot that has already begun could never be booked: creating it would only clutter lists.
      if (existing.has(`${day} ${t.start}`) || instantOf(day, t.start) <= now) {
        skipped += 1;
        continue;
      }
      wanted.push({ hall_id: window.hall_id, window_id: window.id, day, start_time: t.start, end_time: t.end, capacity: t.capacity, booked: 0 });
    }
  }

  let created = 0;
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const chunk = wanted.slice(i, i + CHUNK);
    try {
      await repo.insertMany(chunk);
      created += chunk.length;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another generation for the same window got in between our read and this insert. A failed
      // multi-row INSERT changes nothing on either database, so insert the chunk row by row and
      // count the rows the other run made as skipped.
      for (const row of chunk) {
        try {
          await repo.insertOne(row);
          created += 1;
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          skipped += 1;
        }
      }
    }
  }
  return { created, skipped };
}
