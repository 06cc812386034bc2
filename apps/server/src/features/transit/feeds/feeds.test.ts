/**
 * 公交数据 (GTFS import) through the console API, on SQLite or MariaDB per DZ_TEST_DB: a valid feed
 * goes into service with every file's rows; a broken one is refused with its problems by file and
 * line while the feed in service stays whole; uploads are checked by content, permission and site.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, FeedImportResponse, FeedListResponse, GtfsProblem } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { createStaff, setupAdmin, type StaffSession } from '../../admin-auth/test-support.js';
import { DEMO_FEED_SITE, seedTransit } from '../../../db/seed/transit.js';
import { deleteFeedRows } from './feeds.repository.js';
import { importFeed, interpolateTimes } from './import.js';
import { multipartFile, validFeed, zipFeed, type FeedFiles } from './test-feed.js';

let t: TestApp;
let admin: StaffSession;
const db = () => t.app.ctx.db;

const upload = async (cookie: string, content: Buffer, site = '511700', name = 'gtfs.zip') => {
  const { payload, headers } = multipartFile(content, name);
  return t.app.inject({ method: 'POST', url: `/api/admin/transit/feeds?site=${site}`, payload, headers: { ...headers, cookie } });
};
const count = async (table: 'transit_stop_times' | 'transit_stops' | 'transit_trips', feedId: number) =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('feed_id', '=', feedId).executeTakeFirstOrThrow()).n);
const activeFeed = async (site = '511700') => (await db().selectFrom('transit_feeds').selectAll().where('site_code', '=', site).where('status', '=', 'active').executeTakeFirst()) ?? null;
const withFile = (name: string, text: string | null): FeedFiles => {
  const f = validFeed();
  if (text === null) delete f[name];
  else f[name] = text;
  return f;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('公交数据: importing a valid GTFS feed', () => {
  let first: FeedImportResponse;

  it('imports the feed into service (201) with its counts and warnings', async () => {
    const before = await t.app.contentVersion.current();
    const res = await upload(admin.cookie, await zipFeed(validFeed()));
    expect(res.statusCode, res.body).toBe(201);
    first = res.json<FeedImportResponse>();
    expect(first).toMatchObject({ stops: 7, routes: 2, trips: 4, stopTimes: 11 });
    // S5 is served by nothing; F1 has no shape; two calls of T1 and one of T2 were interpolated.
    const warned = first.warnings.map((w) => w.message).join('\n');
    expect(warned).toContain('1 个站点没有班次经过（如 S5）');
    expect(warned).toContain('1 个班次没有线路走向');
    expect(warned).toContain('3 个站点未填写到站 / 离站时间');
    const feed = await activeFeed();
    expect(feed).toMatchObject({ id: first.feedId, status: 'active', agency_name: '达州公交（演示）', start_date: '2026-01-01', end_date: '2027-12-31', created_by: 'admin' });
    expect(feed!.activated_at).toBeTruthy();
    // The console write moved the content version: the timetables of every instance reload.
    expect(await t.app.contentVersion.current()).not.toBe(before);
  });

  it('stores parent stations, calendar exceptions, frequencies, transfers, shapes and colours', async () => {
    const id = first.feedId;
    const stops = await db().selectFrom('transit_stops').selectAll().where('feed_id', '=', id).orderBy('stop_id').execute();
    expect(stops.find((s) => s.stop_id === 'S1')).toMatchObject({ parent_station: 'ST1', location_type: 0, name: '火车站(1站台)' });
    expect(stops.find((s) => s.stop_id === 'ST1')).toMatchObject({ location_type: 1, parent_station: null });
    const cal = await db().selectFrom('transit_calendar').selectAll().where('feed_id', '=', id).orderBy('service_id').execute();
    expect(cal.map((c) => [c.service_id, c.days, c.start_date])).toEqual([
      ['WD', 0b0011111, '20260101'],
      ['WE', 0b1100000, '20260101'],
    ]);
    const dates = await db().selectFrom('transit_calendar_dates').selectAll().where('feed_id', '=', id).orderBy('service_id').execute();
    expect(dates.map((d) => [d.service_id, d.date, d.exception_type])).toEqual([
      ['WD', '20261001', 2],
      ['WE', '20261001', 1],
    ]);
    const freq = await db().selectFrom('transit_frequencies').selectAll().where('feed_id', '=', id).execute();
    expect(freq).toMatchObject([{ trip_id: 'F1', start_s: 6 * 3600, end_s: 22 * 3600, headway_s: 600, exact_times: 0 }]);
    const tr = await db().selectFrom('transit_transfers').selectAll().where('feed_id', '=', id).execute();
    expect(tr).toMatchObject([{ from_stop_id: 'S1', to_stop_id: 'S1B', transfer_type: 2, min_transfer_time: 120 }]);
    const shape = await db().selectFrom('transit_shapes').selectAll().where('feed_id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(shape.points)).toEqual([
      [31.2231, 107.5031],
      [31.216, 107.498],
      [31.21, 107.49],
      [31.205, 107.485],
    ]);
    const route = await db().selectFrom('transit_routes').selectAll().where('feed_id', '=', id).where('route_id', '=', '1').executeTakeFirstOrThrow();
    expect(route).toMatchObject({ short_name: '1路', route_type: 3, color: '#E53935' });
    const trip = await db().selectFrom('transit_trips').selectAll().where('feed_id', '=', id).where('trip_id', '=', 'F1').executeTakeFirstOrThrow();
    expect(trip).toMatchObject({ route_id: '2', direction_id: 0, shape_id: null });
  });

  it('interpolates non-timepoints by distance, or evenly, and keeps times past midnight', async () => {
    const times = async (trip: string) =>
      (await db().selectFrom('transit_stop_times').select(['stop_sequence', 'arrival_s', 'departure_s']).where('feed_id', '=', first.feedId).where('trip_id', '=', trip).orderBy('stop_sequence').execute()).map((r) => [r.stop_sequence, r.arrival_s, r.departure_s]);
    const h8 = 8 * 3600;
    // T1: 0 → 1200 m in 12 min: 300 m at 3 min, 900 m at 9 min.
    expect(await times('T1')).toEqual([
      [1, h8, h8],
      [2, h8 + 180, h8 + 180],
      [3, h8 + 540, h8 + 540],
      [4, h8 + 720, h8 + 720],
    ]);
    // T2: no distances: the middle of 10 minutes.
    expect((await times('T2'))[1]).toEqual([2, 9 * 3600 + 300, 9 * 3600 + 300]);
    expect((await times('T3'))[1]).toEqual([4, 24 * 3600 + 300, 24 * 3600 + 330]);
  });

  it('accepts a zip whose files sit in one folder, and the new feed replaces the old (rows deleted)', async () => {
    const res = await upload(admin.cookie, await zipFeed(validFeed(), 'dazhou-gtfs'), '511700', '新时刻表.zip');
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json<FeedImportResponse>();
    expect(second.feedId).not.toBe(first.feedId);
    expect((await activeFeed())!.id).toBe(second.feedId);
    const old = await db().selectFrom('transit_feeds').selectAll().where('id', '=', first.feedId).executeTakeFirstOrThrow();
    expect(old.status).toBe('replaced');
    expect(await count('transit_stop_times', first.feedId)).toBe(0);
    expect(await count('transit_stops', first.feedId)).toBe(0);
    expect(await count('transit_stop_times', second.feedId)).toBe(11);
    first = second;
  });

  it('takes an upload far above the default 1 MB body limit (a zip with a 3 MB file the import ignores)', async () => {
    const res = await upload(admin.cookie, await zipFeed(validFeed(), '', { 'notes/readme.bin': randomBytes(3 * 1024 * 1024) }), '511700', '新时刻表.zip');
    expect(res.statusCode, res.body).toBe(201);
    const third = res.json<FeedImportResponse>();
    expect(await count('transit_stop_times', first.feedId)).toBe(0);
    first = third;
  });

  it('lists the imports newest first with status and counts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/transit/feeds?site=511700', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    const items = res.json<FeedListResponse>().items;
    expect(items.map((i) => i.status)).toEqual(['active', 'replaced', 'replaced']);
    expect(items[0]).toMatchObject({ fileName: '新时刻表.zip', stops: 7, routes: 2, trips: 4, stopTimes: 11, startDate: '2026-01-01', endDate: '2027-12-31', createdBy: 'admin' });
  });

  describe('a broken feed is refused and the feed in service stays', () => {
    const expectRefused = async (files: FeedFiles): Promise<GtfsProblem[]> => {
      const active = await activeFeed();
      const rows = await count('transit_stop_times', active!.id);
      const res = await upload(admin.cookie, await zipFeed(files));
      expect(res.statusCode, res.body).toBe(400);
      const body = res.json<ErrorBody>();
      expect(body.code).toBe('GTFS_INVALID');
      expect(body.message).toContain('GTFS 数据校验未通过');
      expect((await activeFeed())!.id).toBe(active!.id);
      expect(await count('transit_stop_times', active!.id)).toBe(rows);
      const failedId = (body.details as { feedId: number }).feedId;
      const failed = await db().selectFrom('transit_feeds').selectAll().where('id', '=', failedId).executeTakeFirstOrThrow();
      expect(failed.status).toBe('failed');
      expect(await count('transit_stop_times', failedId)).toBe(0);
      expect(await count('transit_stops', failedId)).toBe(0);
      return (body.details as { errors: GtfsProblem[] }).errors;
    };

    it('names a missing file, a bad reference, a bad time and a non-increasing sequence with file and line', async () => {
      const f = validFeed();
      delete f['calendar_dates.txt'];
      delete f['agency.txt'];
      f['trips.txt'] = f['trips.txt']!.replace('2,WD,F1,西外,0,', '9,WD,F1,西外,0,');
      f['stop_times.txt'] = f['stop_times.txt']!.replace('T2,09:10:00,09:10:00,S4,4,', 'T2,9:1O:00,09:10:00,S4,4,').replace('T3,24:05:00,24:05:30,S4,4,', 'T3,24:05:00,24:05:30,S4,0,');
      const errors = await expectRefused(f);
      expect(errors).toEqual(
        expect.arrayContaining([
          { file: 'agency.txt', message: '缺少必需的文件 agency.txt' },
          { file: 'trips.txt', line: 5, message: '班次 F1 的 route_id 不存在：9' },
          { file: 'stop_times.txt', line: 8, message: 'arrival_time 格式应为 H:MM:SS：9:1O:00' },
          { file: 'stop_times.txt', line: 10, message: '班次 T3：stop_sequence 应严格递增：0 不大于上一行的 1' },
        ]),
      );
    });

    it('refuses times going backwards, unknown stops, bad coordinates, colours, route types and dates', async () => {
      const f = validFeed();
      f['stops.txt'] = f['stops.txt']!.replace('S3,西外,31.2100,107.4900', 'S3,西外,131.2100,107.4900');
      f['routes.txt'] = f['routes.txt']!.replace('3,E53935', '99,E5393').replace('2路,火车站—西外,3,1E88E5', '2路,火车站—西外,715,1E88E5');
      f['calendar.txt'] = f['calendar.txt']!.replace('20271231', '20271331');
      f['stop_times.txt'] = f['stop_times.txt']!.replace('T1,08:12:00,08:12:00', 'T1,07:12:00,07:12:00').replace('F1,00:06:00,00:06:00,S3', 'F1,00:06:00,00:06:00,S9');
      f['stops.txt'] += 'S6,无父站,31.2,107.4,0,NOPE\n';
      const errors = await expectRefused(f);
      const text = errors.map((e) => `${e.file}:${e.line ?? ''} ${e.message}`);
      expect(text).toEqual(
        expect.arrayContaining([
          'stops.txt:6 站点 S3 的纬度 stop_lat 无效：131.2100',
          'stops.txt:9 站点 S6 的 parent_station 不存在：NOPE',
          'routes.txt:2 线路 1 的 route_type 无效：99',
          'routes.txt:2 线路 1 的 route_color 不是六位十六进制颜色：E5393',
          'calendar.txt:2 服务 WD 的 end_date 不是 YYYYMMDD 日期：20271331',
          'stop_times.txt:5 班次 T1：到站时间早于上一站的离站时间（stop_sequence 4）',
          'stop_times.txt:12 stop_id 不存在：S9',
        ]),
      );
      // 715 (demand-responsive bus) is an extended route type: accepted.
      expect(text.some((x) => x.includes('线路 2'))).toBe(false);
    });

    it('refuses a trip with one call, a missing column and a file without calendars', async () => {
      const f = withFile('calendar.txt', null);
      delete f['calendar_dates.txt'];
      f['stop_times.txt'] = f['stop_times.txt']!.replace('T3,24:05:00,24:05:30,S4,4,\n', '');
      f['shapes.txt'] = 'shape_id,shape_pt_lat,shape_pt_sequence\n';
      const errors = await expectRefused(f);
      const text = errors.map((e) => `${e.file}:${e.line ?? ''} ${e.message}`);
      expect(text).toEqual(
        expect.arrayContaining(['calendar.txt: 缺少服务日历：calendar.txt 与 calendar_dates.txt 至少需要一个', 'stop_times.txt:9 班次 T3：每个班次至少需要两个停站', 'shapes.txt:1 缺少必需的列：shape_pt_lon']),
      );
    });

    it('lists at most 100 problems and counts the rest', async () => {
      const f = validFeed();
      f['stop_times.txt'] += Array.from({ length: 250 }, (_, i) => `T1,08:20:00,08:20:00,NOSTOP${i},${10 + i},\n`).join('');
      const errors = await expectRefused(f);
      expect(errors).toHaveLength(100);
      expect(errors[99]).toEqual({ file: '', message: '另有 151 处错误未列出' });
    });

    it('refuses a truncated or corrupted archive with a report, never a 500', async () => {
      const zip = await zipFeed(validFeed());
      const truncated = await upload(admin.cookie, zip.subarray(0, Math.floor(zip.length / 2)));
      expect(truncated.statusCode).toBe(400);
      expect(truncated.json<ErrorBody>().code).toBe('GTFS_INVALID');
      expect(JSON.stringify(truncated.json<ErrorBody>().details)).toContain('无法读取压缩包');
      const corrupted = Buffer.from(zip);
      for (let i = 60; i < zip.length / 2; i += 7) corrupted[i] = corrupted[i]! ^ 0xa5;
      expect((await upload(admin.cookie, corrupted)).statusCode).toBe(400);
    });

    it('refuses a .zip that is not a zip, by content', async () => {
      const res = await upload(admin.cookie, Buffer.from('trip_id,arrival_time\nT1,08:00:00\n'), '511700', 'gtfs.zip');
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorBody>().message).toContain('不是 zip 格式');
    });
  });
});

describe('公交数据: who may import', () => {
  let handler: StaffSession;
  let county: StaffSession;
  beforeAll(async () => {
    handler = await createStaff(t, admin, { username: 'gtfs_handler', siteCode: '511700', roles: ['case_handler'] });
    county = await createStaff(t, admin, { username: 'gtfs_xuanhan', siteCode: '511722', roles: ['operator'] });
  }, 60_000);

  it('refuses staff without the permission (403) and records the refusal', async () => {
    const res = await upload(handler.cookie, await zipFeed(validFeed()));
    expect(res.statusCode).toBe(403);
    const denied = await db().selectFrom('audit_log').selectAll().where('action', '=', 'transit.feed.import').where('result', '=', 'denied').where('actor_name', '=', 'gtfs_handler').execute();
    expect(denied).toHaveLength(1);
  });

  it('refuses another site (403), lets a county operator import for their own county', async () => {
    const other = await upload(county.cookie, await zipFeed(validFeed()), '511700');
    expect(other.statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/admin/transit/feeds?site=511702', headers: { cookie: county.cookie } });
    expect(list.statusCode).toBe(403);
    const own = await upload(county.cookie, await zipFeed(validFeed()), '511722');
    expect(own.statusCode, own.body).toBe(201);
    expect((await activeFeed('511722'))!.id).toBe(own.json<FeedImportResponse>().feedId);
    const ok = await db().selectFrom('audit_log').selectAll().where('action', '=', 'transit.feed.import').where('result', '=', 'ok').where('actor_name', '=', 'gtfs_xuanhan').executeTakeFirstOrThrow();
    expect(ok.summary).toContain('7 个站点、2 条线路、4 个班次、11 条停站时间');
  });

  it('allows one import per site at a time (409)', async () => {
    const now = new Date().toISOString();
    await db().insertInto('transit_feeds').values({ site_code: '511722', status: 'importing', file_name: 'x.zip', start_date: null, end_date: null, warnings: '[]', errors: '[]', created_by: 'other', created_at: now, activated_at: null }).execute();
    const res = await upload(county.cookie, await zipFeed(validFeed()), '511722');
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorBody>().message).toContain('正在导入');
    await db().deleteFrom('transit_feeds').where('site_code', '=', '511722').where('status', '=', 'importing').execute();
  });
});

describe('importFeed from a directory', () => {
  it('reads stop_times not grouped by trip, checks them afterwards and interpolates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gtfs-dir-'));
    try {
      const f = validFeed();
      // T1's calls split in two runs around T2's, with a BOM and CRLF line ends.
      f['stop_times.txt'] =
        '\uFEFFtrip_id,arrival_time,departure_time,stop_id,stop_sequence\r\n' +
        'T1,08:00:00,08:00:00,S1,1\r\nT1,,,S2,2\r\nT2,09:00:00,09:00:00,S1,1\r\nT2,09:10:00,09:10:00,S4,4\r\nT1,,,S3,3\r\nT1,08:12:00,08:12:00,S4,4\r\n' +
        'T3,23:50:00,23:50:00,S1,1\r\nT3,24:05:00,24:05:30,S4,4\r\nF1,00:00:00,00:00:00,S1B,1\r\nF1,00:06:00,00:06:00,S3,2\r\n';
      for (const [name, text] of Object.entries(f)) writeFileSync(join(dir, name), text);
      const res = await importFeed(t.app.ctx, { siteCode: '511702', source: dir, fileName: 'dir', createdBy: 'test' });
      expect('errors' in res ? res.errors : []).toEqual([]);
      const feedId = res.feedId;
      const t1 = await db().selectFrom('transit_stop_times').select(['stop_sequence', 'arrival_s']).where('feed_id', '=', feedId).where('trip_id', '=', 'T1').orderBy('stop_sequence').execute();
      expect(t1.map((r) => r.arrival_s - 8 * 3600)).toEqual([0, 240, 480, 720]);

      // A split trip whose runs repeat a stop_sequence is refused.
      writeFileSync(join(dir, 'stop_times.txt'), f['stop_times.txt'].replace('T1,08:12:00,08:12:00,S4,4', 'T1,08:12:00,08:12:00,S4,2'));
      const bad = await importFeed(t.app.ctx, { siteCode: '511702', source: dir, fileName: 'dir', createdBy: 'test' });
      expect('errors' in bad && bad.errors).toEqual([{ file: 'stop_times.txt', line: 7, message: '班次 T1：stop_sequence 重复：2' }]);
      expect((await activeFeed('511702'))!.id).toBe(feedId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('interpolateTimes: by distance when every call has one, else evenly', () => {
    const calls = [
      { arr: 0, dep: 60, dist: 0 },
      { arr: -1, dep: -1, dist: 100 },
      { arr: -1, dep: -1, dist: null },
      { arr: 460, dep: 460, dist: 400 },
    ];
    expect(interpolateTimes(calls)).toBe(2);
    expect(calls.map((c) => c.arr)).toEqual([0, 193, 327, 460]);
  });
});

describe('the demo feed (data/gtfs/dazhou-demo)', () => {
  it('validates and is imported once by seedTransit for 达州市, in seconds', async () => {
    // The city has the feed uploaded above: the seed keeps it (an operator's feed is never replaced by the demo).
    const uploaded = (await activeFeed(DEMO_FEED_SITE))!.id;
    expect(await seedTransit(t.app.ctx)).toBe(uploaded);
    await db().updateTable('transit_feeds').set({ status: 'replaced' }).where('id', '=', uploaded).execute();
    await deleteFeedRows(db(), uploaded);

    const started = performance.now();
    const feedId = await seedTransit(t.app.ctx);
    const ms = performance.now() - started;
    expect(feedId).not.toBeNull();
    const feed = await db().selectFrom('transit_feeds').selectAll().where('id', '=', feedId!).executeTakeFirstOrThrow();
    expect(feed).toMatchObject({ site_code: DEMO_FEED_SITE, status: 'active', agency_name: '达州市公共交通有限公司（演示）', created_by: 'seed' });
    expect(JSON.parse(feed.errors)).toEqual([]);
    expect(feed.stop_times).toBeGreaterThan(30_000);
    expect(await count('transit_stop_times', feedId!)).toBe(feed.stop_times);
    // Again: the feed in service is kept.
    expect(await seedTransit(t.app.ctx)).toBe(feedId);
    console.info(`demo feed: ${feed.stops} stops, ${feed.trips} trips, ${feed.stop_times} stop_times imported in ${Math.round(ms)} ms`);
  }, 60_000);
});
