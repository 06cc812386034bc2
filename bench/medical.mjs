#!/usr/bin/env node
// 预约挂号 under load (issue 12): the sandbox HIS (a separate process, signed calls) behind the server.
//   1. 号源 reads: GET /api/medical/schedules of one department, autocannon at N connections — the
//      server keeps a schedule a few seconds (stamped by our own locks), so the HIS is not asked per request;
//   2. registrations: N clients in a closed loop POST /api/medical/registrations for random (就诊人, 号源)
//      pairs over a pool of slots with few places each — each 201 is a lock at the HIS, a held booking
//      and a payment order at the sandbox gateway; the rest are 409 (约满 / already booked);
//   3. the count: for every slot of the pool, our held bookings against the places it had and what the
//      HIS says is left. An overbooked place (more of ours than the slot had) must not exist; places the HIS
//      holds for locks we never recorded (answered after our 3 s budget) are counted as orphaned.
// Writes bench/results/<date>-medical[-mysql].json.
//
//   node bench/medical.mjs [--connections 500] [--duration 10] [--slots 40] [--places 5] [--db sqlite|mysql] [--source]
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arg, autocannon, flag, loginCookie, loopClient, printStepTable, root, sleep, startStack, stepStats } from './lib.mjs';

const connections = Number(arg('connections', 500));
const duration = Number(arg('duration', 10));
const slotCount = Number(arg('slots', 40));
const places = Number(arg('places', 5));
const db = arg('db', 'sqlite');
const port = Number(arg('port', 18980));
const sandboxPort = Number(arg('sandbox-port', 18990));

const stack = await startStack({ db, source: flag('source'), port, sandboxPort });
const { base } = stack;
const sandbox = `http://127.0.0.1:${sandboxPort}`;
const { hit, destroy } = loopClient(base, { maxSockets: connections + 20 });
const json = async (path, cookie) => (await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} })).json();

// ---- warm-up: the demo citizen and 8 family members; a pool of tomorrow's slots with few places ----
const cookie = await loginCookie(base);
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A GB 11643 number (the check character computed as the standard says). */
const idOf = (seq) => {
  const first17 = `51170219800101${String(seq).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * W[i], 0);
  return first17 + '10X98765432'[sum % 11];
};
for (let i = 0; i < 8; i++) {
  const r = await fetch(`${base}/api/medical/patients`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `压测${'甲乙丙丁戊己庚辛'[i]}`, idNumber: idOf(700 + i), phone: '13900000001', relation: 'other' }),
  });
  if (r.status !== 201) throw new Error(`patient ${i}: ${r.status} ${await r.text()}`);
}
const patients = (await json('/api/medical/patients', cookie)).items.map((p) => p.id);
if (patients.length !== 9) throw new Error(`expected 9 patients, got ${patients.length}`);

const hospitals = (await json('/api/medical/hospitals?level=city', null)).items;
const first = await json(`/api/medical/schedules?hospitalId=H11&departmentId=H11-CAR`, null);
const tomorrow = first.dates[1];
const pool = [];
for (const h of hospitals) {
  const depts = (await json(`/api/medical/hospitals/${h.id}/departments`, null)).items;
  for (const d of depts) {
    const s = await json(`/api/medical/schedules?hospitalId=${h.id}&departmentId=${d.id}&date=${tomorrow}`, null);
    for (const doc of s.doctors) for (const slot of doc.slots) if (pool.length < slotCount) pool.push({ ...slot, key: `${s.hospital.name} ${s.department.name}|${doc.name} ${doc.title}|${new Date(`${slot.date}T${slot.time.slice(0, 5)}:00+08:00`).toISOString()}` });
  }
  if (pool.length >= slotCount) break;
}
for (const slot of pool) {
  const r = await fetch(`${sandbox}/_control/his/slots/${slot.slotId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ remaining: places }) });
  if (!r.ok) throw new Error(`set ${slot.slotId}: ${r.status}`);
}
const readUrl = `${base}/api/medical/schedules?hospitalId=H11&departmentId=H11-CAR&date=${tomorrow}`;
for (let i = 0; i < 20; i++) await fetch(readUrl);
console.log(`warm-up: ${pool.length} slots × ${places} places, 9 patients; ${connections} connections × ${duration} s per step on ${db === 'mysql' ? 'MariaDB' : 'SQLite'}`);

// ---- 1. 号源 reads --------------------------------------------------------------------------------
const load0 = loadavg()[0];
const reads = await autocannon({ url: readUrl, connections, duration });
await sleep(3000);

// ---- 2. registrations, closed loop -----------------------------------------------------------------
const STEP = '挂号（POST /api/medical/registrations）';
const stats = stepStats([STEP]);
const outcomes = {};
const until = Date.now() + duration * 1000;
const t0 = Date.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    await sleep(Math.random() * 1000);
    while (Date.now() < until) {
      const slot = pool[Math.floor(Math.random() * pool.length)];
      const patientId = patients[Math.floor(Math.random() * patients.length)];
      const r = await hit('POST', '/api/medical/registrations', { cookie, body: { slotId: slot.slotId, patientId }, keep: true });
      stats.record(STEP, r);
      const code = r.status === 201 ? '201' : `${r.status} ${r.body ? (JSON.parse(r.body).code ?? '') : ''}`;
      outcomes[code] = (outcomes[code] ?? 0) + 1;
    }
  }),
);
const seconds = (Date.now() - t0) / 1000;
const load1 = loadavg()[0];

// ---- 3. overbooking: ours against the places and the HIS --------------------------------------------
await sleep(3500); // past the schedule memo, so the HIS is read afresh
const ours = new Map();
for (let page = 1; ; page++) {
  const r = await json(`/api/me/reservations?kind=medical&status=active&page=${page}&pageSize=50`, cookie);
  for (const b of r.items) if (b.status === 'held' || b.status === 'confirmed') {
    const key = `${b.place}|${b.title}|${b.startsAt}`;
    ours.set(key, (ours.get(key) ?? 0) + 1);
  }
  if (page * 50 >= r.total) break;
}
let overbooked = 0;
let taken = 0;
let orphaned = 0;
const left = new Map();
for (const slot of pool) {
  const [hospitalId, dept] = slot.slotId.split('-');
  const s = await json(`/api/medical/schedules?hospitalId=${hospitalId}&departmentId=${hospitalId}-${dept}&date=${tomorrow}`, null);
  left.set(slot.slotId, s.doctors.flatMap((d) => d.slots).find((x) => x.slotId === slot.slotId).remaining);
}
for (const slot of pool) {
  const mine = ours.get(slot.key) ?? 0;
  const remaining = left.get(slot.slotId);
  taken += mine;
  // Overbooked: more of ours than the slot had places. Orphaned: places the HIS holds for a lock
  // we never recorded (its answer came after our 3 s budget); the HIS frees them at the lock's expiry.
  overbooked += Math.max(0, mine - places);
  orphaned += Math.max(0, places - remaining - mine);
}
destroy();
await stack.stop();

// ---- report ------------------------------------------------------------------------------------------
const when = new Date().toISOString();
const readRow = {
  step: '号源（GET /api/medical/schedules）',
  requests: reads.requests.total,
  rps: Math.round(reads.requests.average),
  p50: reads.latency.p50,
  p99: reads.latency.p99,
  max: reads.latency.max,
  non2xx: reads.non2xx,
  statuses: {},
  errors: reads.errors + reads.timeouts,
};
const rows = [readRow, ...stats.rows(seconds)];
const result = { when, node: process.version, cpus: cpus().length, db, connections, duration, slots: pool.length, places, outcomes, placesTaken: taken, overbooked, orphaned, loadavg: { before: load0, after: load1 }, rows };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const file = join(root, 'bench', 'results', `${when.slice(0, 10)}-medical${db === 'mysql' ? '-mysql' : ''}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(`\n${when} · Node ${process.version} · ${cpus().length} cores · ${db === 'mysql' ? 'MariaDB' : 'SQLite'} · ${connections} connections × ${duration} s · load ${load0.toFixed(1)} → ${load1.toFixed(1)}\n`);
printStepTable(rows);
console.log(`\nregistration outcomes: ${JSON.stringify(outcomes)}`);
console.log(`places: ${pool.length * places} in ${pool.length} slots, taken by our held bookings ${taken}, overbooked ${overbooked}, orphaned HIS locks ${orphaned}`);
console.log(`→ ${file}`);
process.exit(overbooked ? 1 : 0);
