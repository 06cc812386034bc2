#!/usr/bin/env node
// The applications engine under load (issue 10): N concurrent citizens file cases
// (POST /api/cases, the 居住证办理 form with its photo — validated, encrypted, blind-indexed, its
// files linked, its event written, all in one transaction) and read 我的办件 (GET /api/cases, which
// also lists the user's installations), each in a closed loop with no think time, bounded in time.
// Prints p50 / p99 / errors per step, writes bench/results/<date>-cases[-mysql].json.
//
// As in journey.mjs, the users share a pool of sessions logged in at warm-up (argon2id makes 500
// simultaneous logins a benchmark of the hash); the pool is the demo citizen 张三, so 我的办件 is
// read for a user who has filed thousands of cases by the end of the run — a harsher list than most.
//
//   node bench/cases.mjs [--users 500] [--duration 15] [--sessions 50] [--form residence-permit] [--db sqlite|mysql] [--workers N] [--source]
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { arg, flag, loginCookie, loopClient, printStepTable, root, sleep, startStack, stepStats } from './lib.mjs';

const users = Number(arg('users', 500));
const duration = Number(arg('duration', 15));
const sessionCount = Number(arg('sessions', 50));
const formCode = arg('form', 'residence-permit');
const db = arg('db', 'sqlite');
const SITE = '511700';

const workers = arg('workers', null);
const stack = await startStack({ db, source: flag('source'), port: Number(arg('port', 18880)), sandboxPort: Number(arg('sandbox-port', 18890)), env: workers ? { WORKERS: workers } : {} });
const { base } = stack;
const { hit, destroy } = loopClient(base, { maxSockets: users + 20 });

/** A real 64 × 64 PNG (the upload is checked by content), so the case links a real file. */
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const w = 64;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = Buffer.concat(Array.from({ length: w }, (_, y) => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, y * 4)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

async function upload(cookie) {
  const boundary = `----dzbench${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`),
    png(),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await fetch(`${base}/api/files`, { method: 'POST', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${await r.text()}`);
  return (await r.json()).id;
}

/** A valid answer for any form of the vocabulary (contracts forms.ts), filled as a citizen would. */
function fill(fields, fileIds, data = {}) {
  const today = new Date().toISOString().slice(0, 10);
  const value = (f) => {
    switch (f.type) {
      case 'number':
        return f.min ?? 1;
      case 'date':
        return today;
      case 'select':
      case 'radio':
        return f.options[0].value;
      case 'checkbox':
        return [f.options[0].value];
      case 'phone':
        return '13900000001';
      case 'idNumber':
        return '511702199001011231';
      case 'creditCode':
        return '91511700MA62Q8XK16';
      case 'email':
        return 'demo@example.com';
      case 'region':
        return '511702';
      case 'image':
      case 'file':
        return fileIds.slice(0, Math.max(1, f.min ?? 1));
      case 'group':
        return [fill(f.fields ?? [], fileIds)];
      default:
        return f.minLength ? '达州市通川区朝阳东路演示地址'.padEnd(f.minLength, '号') : '演示填写';
    }
  };
  for (const f of fields) if (f.type !== 'section' && f.prefill === undefined) data[f.key] = value(f);
  for (const f of fields) if (f.prefill !== undefined) data[f.key] ??= value(f);
  return data;
}

// ---- warm-up ------------------------------------------------------------------------------------
const sessions = [];
for (let i = 0; i < sessionCount; i++) sessions.push(await loginCookie(base));
const form = await (await fetch(`${base}/api/forms/${formCode}?site=${SITE}`, { headers: { cookie: sessions[0] } })).json();
if (!form.fields) throw new Error(`form ${formCode}: ${JSON.stringify(form)}`);
const fileIds = [await upload(sessions[0]), await upload(sessions[0]), await upload(sessions[0])];
const data = fill(form.fields, fileIds, { ...(form.prefill ?? {}) });
const probe = await hit('POST', '/api/cases', { cookie: sessions[0], body: { formCode, site: SITE, data }, keep: true });
if (probe.status !== 201) throw new Error(`a case could not be filed: ${probe.status} ${probe.body}`);
for (let i = 0; i < 20; i++) {
  await hit('POST', '/api/cases', { cookie: sessions[i % sessions.length], body: { formCode, site: SITE, data } });
  await hit('GET', '/api/cases?page=1&pageSize=20', { cookie: sessions[i % sessions.length] });
}
console.log(`warm-up: form ${formCode} v${form.version} (${form.fields.length} fields), ${sessions.length} sessions; ${users} users × ${duration} s per step on ${db === 'mysql' ? 'MariaDB' : 'SQLite'}`);

// ---- the runs: filing, then 我的办件, each with every user in a closed loop ---------------------
const STEPS = [
  ['提交办件（POST /api/cases）', (cookie) => hit('POST', '/api/cases', { cookie, body: { formCode, site: SITE, data } })],
  ['我的办件（GET /api/cases）', (cookie) => hit('GET', '/api/cases?page=1&pageSize=20', { cookie })],
];
const stats = stepStats(STEPS.map(([n]) => n));
const load0 = loadavg()[0];
let seconds = 0;
for (const [name, run] of STEPS) {
  const until = Date.now() + duration * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      await sleep(Math.random() * 1000);
      while (Date.now() < until) stats.record(name, await run(sessions[i % sessions.length]));
    }),
  );
  seconds = (Date.now() - t0) / 1000;
}
const load1 = loadavg()[0];
destroy();
await stack.stop();

// ---- report --------------------------------------------------------------------------------------
const rows = stats.rows(seconds);
const when = new Date().toISOString();
const result = { when, node: process.version, cpus: cpus().length, db, workers: workers ?? 'auto', users, seconds: Math.round(seconds * 10) / 10, sessions: sessionCount, formCode, loadavg: { before: load0, after: load1 }, rows };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const file = join(root, 'bench', 'results', `${when.slice(0, 10)}-cases${db === 'mysql' ? '-mysql' : ''}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(`\n${when} · Node ${process.version} · ${cpus().length} cores · ${db === 'mysql' ? 'MariaDB' : 'SQLite'} · ${users} users × ${result.seconds} s per step · load ${load0.toFixed(1)} → ${load1.toFixed(1)}\n`);
printStepTable(rows);
console.log(`\n→ ${file}`);
process.exit(0);
