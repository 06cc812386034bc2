/**
 * Two instances of the server over one database and one Redis, both calling the same sandbox HIS:
 * the last place of a slot still goes to exactly one of 50 concurrent registrations, and the
 * schedule an instance keeps for a few seconds shows a registration taken on the other at once
 * (the shared schedule stamp, re-read every STAMP_CHECK_MS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildSandbox, type Sandbox } from '@dz/partners';
import type { ScheduleResponse, SlotView } from '@dz/contracts';
import { createTwinApps, type TestApp } from '../../../test/helpers.js';
import { idNumber, registerPerson } from '../../auth/test-kit.js';
import { STAMP_CHECK_MS } from './hospitals.service.js';

let sandbox: Sandbox;
let sandboxUrl: string;
let twins: { a: TestApp; b: FastifyInstance; close: () => Promise<void> };

beforeAll(async () => {
  sandbox = await buildSandbox({ notifyDelaysMs: [20, 100, 200] });
  sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  twins = await createTwinApps({ PARTNERS_BASE_URL: sandboxUrl });
}, 60_000);
afterAll(async () => {
  await twins?.close();
  await sandbox?.close();
});

async function slotOn(app: FastifyInstance, slotId?: string): Promise<{ slot: SlotView; schedule: ScheduleResponse }> {
  const first = (await app.inject({ url: '/api/medical/schedules?hospitalId=H15&departmentId=H15-CAR' })).json<ScheduleResponse>();
  const schedule = (await app.inject({ url: `/api/medical/schedules?hospitalId=H15&departmentId=H15-CAR&date=${first.dates[1]}` })).json<ScheduleResponse>();
  const slots = schedule.doctors.flatMap((d) => d.slots);
  return { slot: slotId ? slots.find((s) => s.slotId === slotId)! : slots.find((s) => s.period === 'am')!, schedule };
}

describe('医疗就诊 across two instances sharing Redis', () => {
  it('50 concurrent registrations split over both instances: exactly one gets the last place, both see it gone', async () => {
    const { a, b } = twins;
    const { slot } = await slotOn(a.app);
    const set = await fetch(`${sandboxUrl}/_control/his/slots/${slot.slotId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ remaining: 1 }) });
    expect(set.status).toBe(200);
    // Both instances read (and keep) the schedule with one place left.
    await new Promise((r) => setTimeout(r, 3_100));
    expect((await slotOn(a.app, slot.slotId)).slot.remaining).toBe(1);
    expect((await slotOn(b, slot.slotId)).slot.remaining).toBe(1);

    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => registerPerson(a.app, { name: '钱七', idNumber: idNumber('19870101', String(500 + i)) })));
    await a.app.ctx.db.updateTable('users').set({ real_name_verified: 1 }).where('id', 'in', users.map((u) => u.userId)).execute();
    const results = await Promise.all(
      users.map((u, i) => (i % 2 ? b : a.app).inject({ method: 'POST', url: '/api/medical/registrations', headers: { cookie: u.cookie }, payload: { slotId: slot.slotId } })),
    );
    const codes = results.map((r) => r.statusCode);
    // Anything but 201 / 409 is named with its body, so a failure says what happened (CI saw one 48 × 409 once).
    expect(results.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const held = await a.app.ctx.db.selectFrom('bookings').select('id').where('resource_ref', '=', slot.slotId).where('status', '=', 'held').execute();
    expect(held).toHaveLength(1);
    // Neither instance serves its kept schedule: the registration moved the shared stamp (which
    // another instance re-reads within STAMP_CHECK_MS).
    await new Promise((r) => setTimeout(r, STAMP_CHECK_MS));
    expect((await slotOn(a.app, slot.slotId)).slot.remaining).toBe(0);
    expect((await slotOn(b, slot.slotId)).slot.remaining).toBe(0);
  }, 60_000);
});
