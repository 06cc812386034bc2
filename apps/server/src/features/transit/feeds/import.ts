/**
 * GTFS import (issue 13): reads a feed (zip or directory), validates it against the GTFS Schedule
 * reference, and stages its rows under a new `transit_feeds` row in status `importing`. Only a feed
 * without errors becomes the site's `active` one — in one transaction with the previous one turning
 * `replaced` — so a broken upload never touches the timetable in service. A failed import keeps
 * its feed row (`failed`, with the report) and loses its staged rows.
 *
 * Memory stays bounded on a city-scale feed: the files are streamed; what is kept is the id sets
 * the references are checked against (stops, routes, services, trips, shapes) and the rows of the
 * one trip being read. stop_times.txt is nearly always grouped by trip; a trip whose rows come back
 * later in the file is stored as read and checked afterwards with an ordered read from the table.
 * Rows are written in multi-row INSERTs and the event loop is given back between them.
 */
import type { Kysely } from 'kysely';
import type { FeedImportResponse, GtfsProblem } from '@dz/contracts';
import type { DB } from '../../../db/schema.js';
import { conflict } from '../../../infra/errors.js';
import { nowIso } from '../../../infra/time.js';
import { CsvProblem, FeedReadError, openFeed, type FeedSource, type GtfsRow } from './gtfs-reader.js';
import { gtfsDateToIso, isGtfsDate, isHexColor, isInt, isKnownRouteType, isNonNegInt, isNumber, parseGtfsTime, ProblemList } from './gtfs-rules.js';
import { deleteFeedRows } from './feeds.repository.js';

export interface ImportContext {
  db: Kysely<DB>;
}
export interface ImportFeedOptions {
  siteCode: string;
  /** a .zip path or a directory of .txt files */
  source: string;
  fileName: string;
  createdBy: string;
}
export type FeedImportResult = FeedImportResponse;
export interface FeedImportFailure {
  feedId: number;
  errors: GtfsProblem[];
  /** every error, listed or not */
  errorCount: number;
  warnings: GtfsProblem[];
}

/** Rows per INSERT: well inside SQLite's 32,766 and MySQL's 65,535 placeholders at 9 columns. */
const BATCH = 1000;
/** An import older than this and still `importing` died with its process; it no longer blocks the site. */
const STALE_IMPORT_MS = 60 * 60_000;
/** A time the feed left empty, filled by interpolation before the trip is done. */
const UNSET = -1;

export const IMPORT_BUSY_MESSAGE = '该站点正在导入公交数据，请等待当前导入完成后再上传';

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Buffers rows of one table and writes them BATCH at a time; stops writing once the import has failed. */
class TableWriter<T extends keyof DB & string> {
  private rows: Record<string, unknown>[] = [];
  written = 0;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly table: T,
    private readonly live: () => boolean,
    private readonly size = BATCH,
  ) {}
  async push(row: Record<string, unknown>): Promise<void> {
    if (!this.live()) return;
    this.rows.push(row);
    if (this.rows.length >= this.size) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.rows.length || !this.live()) {
      this.rows = [];
      return;
    }
    const rows = this.rows;
    this.rows = [];
    await this.db.insertInto(this.table).values(rows as never).execute();
    this.written += rows.length;
    await yieldToLoop();
  }
}

interface CallRow {
  line: number;
  seq: number;
  stopId: string;
  arr: number;
  dep: number;
  pickup: number;
  dropOff: number;
  dist: number | null;
}

const REQUIRED: Record<string, string[]> = {
  'agency.txt': ['agency_name', 'agency_url', 'agency_timezone'],
  'stops.txt': ['stop_id'],
  'routes.txt': ['route_id', 'route_type'],
  'trips.txt': ['route_id', 'service_id', 'trip_id'],
  'stop_times.txt': ['trip_id', 'stop_id', 'stop_sequence'],
  'calendar.txt': ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
  'calendar_dates.txt': ['service_id', 'date', 'exception_type'],
  'shapes.txt': ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'],
  'frequencies.txt': ['trip_id', 'start_time', 'end_time', 'headway_secs'],
  'transfers.txt': ['from_stop_id', 'to_stop_id', 'transfer_type'],
};
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/**
 * Fills the times a trip left empty (non-timepoints) linearly between the timed calls around them:
 * by shape_dist_traveled when every call of the gap has one, else evenly by call. Returns how many
 * calls were filled; the first and last call must already have times.
 */
export function interpolateTimes(calls: Pick<CallRow, 'arr' | 'dep' | 'dist'>[]): number {
  let filled = 0;
  let a = 0;
  for (let i = 1; i < calls.length; i++) {
    const c = calls[i]!;
    if (c.arr === UNSET) continue;
    if (i - a > 1) {
      const from = calls[a]!;
      const span = c.arr - from.dep;
      const byDist = from.dist != null && c.dist != null && c.dist > from.dist && calls.slice(a + 1, i).every((x) => x.dist != null);
      for (let k = a + 1; k < i; k++) {
        const x = calls[k]!;
        const f = byDist ? (x.dist! - from.dist!) / (c.dist! - from.dist!) : (k - a) / (i - a);
        x.arr = x.dep = Math.round(from.dep + span * Math.min(1, Math.max(0, f)));
        filled++;
      }
    }
    a = i;
  }
  return filled;
}

/** Imports one feed for one site. Throws 409 while the site has another import under way. */
export async function importFeed(ctx: ImportContext, opts: ImportFeedOptions): Promise<FeedImportResult | FeedImportFailure> {
  const { db } = ctx;
  await expireStaleImports(db, opts.siteCode);
  const inserted = await db
    .insertInto('transit_feeds')
    .values({ site_code: opts.siteCode, status: 'importing', file_name: opts.fileName.slice(0, 200), start_date: null, end_date: null, warnings: '[]', errors: '[]', created_by: opts.createdBy.slice(0, 64), created_at: nowIso(), activated_at: null })
    .executeTakeFirstOrThrow();
  const feedId = Number(inserted.insertId);
  // One import per site, across instances: the earliest `importing` row of the site goes on, any later one stops here.
  const earlier = await db.selectFrom('transit_feeds').select('id').where('site_code', '=', opts.siteCode).where('status', '=', 'importing').where('id', '<', feedId).executeTakeFirst();
  if (earlier) {
    await db.deleteFrom('transit_feeds').where('id', '=', feedId).execute();
    throw conflict('TRANSIT_IMPORT_BUSY', IMPORT_BUSY_MESSAGE);
  }

  const job = new FeedImport(db, feedId);
  try {
    let source: FeedSource | null = null;
    try {
      source = await openFeed(opts.source);
      await job.run(source);
    } catch (err) {
      if (!(err instanceof FeedReadError)) throw err;
      job.errors.add('', undefined, err.message);
    } finally {
      await source?.close();
    }
    if (job.errors.count === 0) await job.postChecks();
  } catch (err) {
    // An unexpected failure (database down …): the staged rows go, the old feed stays.
    await deleteFeedRows(db, feedId);
    await db.updateTable('transit_feeds').set({ status: 'failed', errors: JSON.stringify([{ file: '', message: '导入过程中出现系统错误，请稍后重新上传' }]) }).where('id', '=', feedId).execute();
    throw err;
  }

  const warnings = job.warnings.report('提示');
  if (job.errors.count > 0) {
    const errors = job.errors.report('错误');
    await deleteFeedRows(db, feedId);
    await db
      .updateTable('transit_feeds')
      .set({ status: 'failed', errors: JSON.stringify(errors), warnings: JSON.stringify(warnings), agency_name: job.agencyName.slice(0, 200) })
      .where('id', '=', feedId)
      .execute();
    return { feedId, errors, errorCount: job.errors.count, warnings };
  }

  const counts = { stops: job.stopCount, routes: job.routes.size, trips: job.trips.size, stop_times: job.stopTimeCount };
  const replaced = await db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom('transit_feeds').select('id').where('site_code', '=', opts.siteCode).where('status', '=', 'active').execute();
    if (old.length) await trx.updateTable('transit_feeds').set({ status: 'replaced' }).where('id', 'in', old.map((o) => o.id)).execute();
    await trx
      .updateTable('transit_feeds')
      .set({
        status: 'active',
        activated_at: nowIso(),
        agency_name: job.agencyName.slice(0, 200),
        start_date: job.startDate ? gtfsDateToIso(job.startDate) : null,
        end_date: job.endDate ? gtfsDateToIso(job.endDate) : null,
        warnings: JSON.stringify(warnings),
        ...counts,
      })
      .where('id', '=', feedId)
      .execute();
    return old.map((o) => o.id);
  });
  // After the switch: the replaced feed's rows are deleted in chunks, the new feed already in service.
  for (const id of replaced) await deleteFeedRows(db, id);
  return { feedId, stops: counts.stops, routes: counts.routes, trips: counts.trips, stopTimes: counts.stop_times, warnings };
}

/** `importing` rows left by a process that died: failed, their rows deleted, so the site can import again. */
async function expireStaleImports(db: Kysely<DB>, siteCode: string): Promise<void> {
  const cutoff = new Date(Date.now() - STALE_IMPORT_MS).toISOString();
  const stale = await db.selectFrom('transit_feeds').select('id').where('site_code', '=', siteCode).where('status', '=', 'importing').where('created_at', '<', cutoff).execute();
  for (const s of stale) {
    await deleteFeedRows(db, s.id);
    await db.updateTable('transit_feeds').set({ status: 'failed', errors: JSON.stringify([{ file: '', message: '导入中断（服务重启），请重新上传' }]) }).where('id', '=', s.id).execute();
  }
}

class FeedImport {
  readonly errors = new ProblemList();
  readonly warnings = new ProblemList();
  agencyName = '';
  startDate: string | null = null;
  endDate: string | null = null;
  stopCount = 0;
  stopTimeCount = 0;

  private readonly agencies = new Set<string>();
  /** stop id → location_type */
  private readonly stops = new Map<string, number>();
  readonly routes = new Set<string>();
  private readonly services = new Set<string>();
  private readonly activeServices = new Set<string>();
  private readonly shapes = new Set<string>();
  readonly trips = new Set<string>();
  private readonly routesWithTrips = new Set<string>();
  private readonly usedStops = new Set<string>();
  /** trips whose stop_times rows were not all in one run of the file: checked after the read */
  private readonly splitTrips = new Set<string>();
  /** per trip, problems that a later run of the same trip may still resolve */
  private readonly pending = new Map<string, { line: number; message: string }[]>();
  private interpolated = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly feedId: number,
  ) {}

  private readonly live = () => this.errors.count === 0;
  private writer<T extends keyof DB & string>(table: T, size = BATCH) {
    return new TableWriter(this.db, table, this.live, size);
  }

  /**
   * Streams one file's rows to `each`. False when the file is absent or its header lacks a
   * required column (reported), so the caller knows the ids it defines are unknown.
   */
  private async each(source: FeedSource, file: string, each: (row: GtfsRow, line: number, err: (m: string) => void) => Promise<void> | void): Promise<boolean> {
    if (!source.files.has(file)) return false;
    let header: string[] | null = null;
    let ok = true;
    try {
      for await (const { line, row } of source.rows(file, (cols) => (header = cols))) {
        if (header) {
          const cols: string[] = header;
          const missing = (REQUIRED[file] ?? []).filter((c) => !cols.includes(c));
          header = null;
          if (missing.length) {
            this.errors.add(file, 1, `缺少必需的列：${missing.join('、')}`);
            ok = false;
            break;
          }
        }
        await each(row, line, (m) => this.errors.add(file, line, m));
      }
    } catch (err) {
      if (!(err instanceof CsvProblem)) throw err;
      this.errors.add(file, err.line, err.message);
      ok = false;
    }
    if (header) {
      // A header and no rows: the columns are still checked.
      const cols: string[] = header;
      const missing = (REQUIRED[file] ?? []).filter((c) => !cols.includes(c));
      if (missing.length) {
        this.errors.add(file, 1, `缺少必需的列：${missing.join('、')}`);
        ok = false;
      }
    }
    return ok;
  }

  async run(src: FeedSource): Promise<void> {
    for (const f of ['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt']) if (!src.files.has(f)) this.errors.add(f, undefined, `缺少必需的文件 ${f}`);
    if (!src.files.has('calendar.txt') && !src.files.has('calendar_dates.txt')) this.errors.add('calendar.txt', undefined, '缺少服务日历：calendar.txt 与 calendar_dates.txt 至少需要一个');

    const haveAgencies = await this.readAgencies(src);
    const haveStops = await this.readStops(src);
    const haveRoutes = await this.readRoutes(src, haveAgencies);
    const haveCalendar = await this.readCalendar(src);
    const haveDates = await this.readCalendarDates(src);
    const haveServices = haveCalendar || haveDates;
    await this.readShapes(src);
    const haveTrips = await this.readTrips(src, haveRoutes, haveServices);
    await this.readStopTimes(src, haveTrips, haveStops);
    await this.readFrequencies(src, haveTrips);
    await this.readTransfers(src, haveStops);

    for (const [, list] of this.pending) for (const p of list) this.errors.add('stop_times.txt', p.line, p.message);
    this.pending.clear();
    if (haveTrips && haveStops) {
      let unused = 0;
      const examples: string[] = [];
      for (const [id, type] of this.stops) {
        if (type !== 0 || this.usedStops.has(id)) continue;
        unused++;
        if (examples.length < 5) examples.push(id);
      }
      if (unused) this.warnings.add('stops.txt', undefined, `${unused} 个站点没有班次经过（如 ${examples.join('、')}）`);
    }
    if (haveTrips) for (const r of this.routes) if (!this.routesWithTrips.has(r)) this.warnings.add('routes.txt', undefined, `线路 ${r} 没有班次`);
    if (haveServices) for (const s of this.services) if (!this.activeServices.has(s)) this.warnings.add('calendar.txt', undefined, `服务 ${s} 没有任何运营日`);
    if (this.interpolated) this.warnings.add('stop_times.txt', undefined, `${this.interpolated} 个站点未填写到站 / 离站时间，已按前后站时间插值`);
  }

  private async readAgencies(src: FeedSource): Promise<boolean> {
    const w = this.writer('transit_agencies');
    let rows = 0;
    const ok = await this.each(src, 'agency.txt', async (r, _line, err) => {
      rows++;
      const id = r.agency_id ?? '';
      if (this.agencies.has(id)) return err(`agency_id 重复：${id || '（空）'}`);
      this.agencies.add(id);
      if (!r.agency_name) err('agency_name 不能为空');
      if (!r.agency_timezone) err('agency_timezone 不能为空');
      if (!this.agencyName) this.agencyName = r.agency_name ?? '';
      await w.push({ feed_id: this.feedId, agency_id: id.slice(0, 64), name: (r.agency_name ?? '').slice(0, 200), url: (r.agency_url ?? '').slice(0, 300), timezone: (r.agency_timezone ?? '').slice(0, 64), phone: (r.agency_phone ?? '').slice(0, 64) });
    });
    await w.flush();
    if (ok && rows === 0) this.errors.add('agency.txt', undefined, '至少需要一个运营机构');
    if (rows > 1 && this.agencies.has('')) this.errors.add('agency.txt', undefined, '有多个运营机构时每个都必须填写 agency_id');
    return ok;
  }

  private async readStops(src: FeedSource): Promise<boolean> {
    const w = this.writer('transit_stops');
    const parents: [number, string, string][] = [];
    const ok = await this.each(src, 'stops.txt', async (r, line, err) => {
      const id = r.stop_id ?? '';
      if (!id) return err('stop_id 不能为空');
      if (id.length > 64) return err(`stop_id 过长（最多 64 个字符）：${id.slice(0, 20)}…`);
      if (this.stops.has(id)) return err(`stop_id 重复：${id}`);
      const typeText = r.location_type ?? '';
      const type = typeText === '' ? 0 : Number(typeText);
      if (!(isNonNegInt(typeText || '0') && type <= 4)) return err(`location_type 无效：${typeText}`);
      this.stops.set(id, type);
      this.stopCount++;
      const lat = Number(r.stop_lat);
      const lng = Number(r.stop_lon);
      const needsPosition = type <= 2;
      if (needsPosition && !r.stop_name) err(`站点 ${id} 缺少 stop_name`);
      if (needsPosition || r.stop_lat || r.stop_lon) {
        if (!isNumber(r.stop_lat ?? '') || lat < -90 || lat > 90) err(`站点 ${id} 的纬度 stop_lat 无效：${r.stop_lat ?? ''}`);
        if (!isNumber(r.stop_lon ?? '') || lng < -180 || lng > 180) err(`站点 ${id} 的经度 stop_lon 无效：${r.stop_lon ?? ''}`);
      }
      const parent = r.parent_station ?? '';
      if (parent) parents.push([line, id, parent]);
      else if (type >= 2 && type <= 4) err(`站点 ${id}（location_type ${type}）必须填写 parent_station`);
      if (type === 1 && parent) err(`车站 ${id}（location_type 1）不能再有 parent_station`);
      await w.push({ feed_id: this.feedId, stop_id: id, code: (r.stop_code ?? '').slice(0, 64), name: (r.stop_name ?? '').slice(0, 200), lat: Number.isFinite(lat) ? lat : 0, lng: Number.isFinite(lng) ? lng : 0, location_type: type, parent_station: parent ? parent.slice(0, 64) : null });
    });
    await w.flush();
    for (const [line, id, parent] of parents) {
      const t = this.stops.get(parent);
      if (t === undefined) this.errors.add('stops.txt', line, `站点 ${id} 的 parent_station 不存在：${parent}`);
      else if (this.stops.get(id) === 0 && t !== 1) this.errors.add('stops.txt', line, `站点 ${id} 的 parent_station ${parent} 不是车站（location_type 应为 1）`);
    }
    return ok;
  }

  private async readRoutes(src: FeedSource, haveAgencies: boolean): Promise<boolean> {
    const w = this.writer('transit_routes');
    const multi = this.agencies.size > 1;
    return this.each(src, 'routes.txt', async (r, _line, err) => {
      const id = r.route_id ?? '';
      if (!id) return err('route_id 不能为空');
      if (id.length > 64) return err(`route_id 过长（最多 64 个字符）：${id.slice(0, 20)}…`);
      if (this.routes.has(id)) return err(`route_id 重复：${id}`);
      this.routes.add(id);
      const agency = r.agency_id ?? '';
      if (haveAgencies && (agency || multi) && !this.agencies.has(agency)) err(`线路 ${id} 的 agency_id 不存在：${agency || '（空）'}`);
      if (!r.route_short_name && !r.route_long_name) err(`线路 ${id} 需要 route_short_name 或 route_long_name`);
      const typeText = r.route_type ?? '';
      if (!isNonNegInt(typeText) || !isKnownRouteType(Number(typeText))) err(`线路 ${id} 的 route_type 无效：${typeText}`);
      for (const c of ['route_color', 'route_text_color'] as const) if (r[c] && !isHexColor(r[c])) err(`线路 ${id} 的 ${c} 不是六位十六进制颜色：${r[c]}`);
      const sort = r.route_sort_order ?? '';
      if (sort && !isNonNegInt(sort)) err(`线路 ${id} 的 route_sort_order 无效：${sort}`);
      await w.push({
        feed_id: this.feedId,
        route_id: id,
        agency_id: agency.slice(0, 64),
        short_name: (r.route_short_name ?? '').slice(0, 64),
        long_name: (r.route_long_name ?? '').slice(0, 200),
        route_type: Number(typeText) || 0,
        // Stored as '#RRGGBB', the form FeedRoute and the H5 use.
        color: r.route_color && isHexColor(r.route_color) ? `#${r.route_color.toUpperCase()}` : null,
        text_color: r.route_text_color && isHexColor(r.route_text_color) ? `#${r.route_text_color.toUpperCase()}` : null,
        sort_order: sort && isNonNegInt(sort) ? Number(sort) : null,
      });
    }).finally(() => w.flush());
  }

  private span(date: string): void {
    if (!this.startDate || date < this.startDate) this.startDate = date;
    if (!this.endDate || date > this.endDate) this.endDate = date;
  }

  private async readCalendar(src: FeedSource): Promise<boolean> {
    const w = this.writer('transit_calendar');
    return this.each(src, 'calendar.txt', async (r, _line, err) => {
      const id = r.service_id ?? '';
      if (!id) return err('service_id 不能为空');
      if (this.services.has(id)) return err(`service_id 重复：${id}`);
      this.services.add(id);
      let days = 0;
      DAYS.forEach((d, i) => {
        const v = r[d] ?? '';
        if (v !== '0' && v !== '1') err(`服务 ${id} 的 ${d} 只能是 0 或 1：${v}`);
        if (v === '1') days |= 1 << i;
      });
      const start = r.start_date ?? '';
      const end = r.end_date ?? '';
      if (!isGtfsDate(start)) err(`服务 ${id} 的 start_date 不是 YYYYMMDD 日期：${start}`);
      if (!isGtfsDate(end)) err(`服务 ${id} 的 end_date 不是 YYYYMMDD 日期：${end}`);
      if (isGtfsDate(start) && isGtfsDate(end)) {
        if (end < start) err(`服务 ${id} 的 end_date 早于 start_date`);
        this.span(start);
        this.span(end);
      }
      if (days) this.activeServices.add(id);
      await w.push({ feed_id: this.feedId, service_id: id.slice(0, 64), days, start_date: start.slice(0, 8), end_date: end.slice(0, 8) });
    }).finally(() => w.flush());
  }

  private async readCalendarDates(src: FeedSource): Promise<boolean> {
    const w = this.writer('transit_calendar_dates');
    const seen = new Set<string>();
    return this.each(src, 'calendar_dates.txt', async (r, _line, err) => {
      const id = r.service_id ?? '';
      const date = r.date ?? '';
      const type = r.exception_type ?? '';
      if (!id) return err('service_id 不能为空');
      if (!isGtfsDate(date)) return err(`date 不是 YYYYMMDD 日期：${date}`);
      if (type !== '1' && type !== '2') return err(`exception_type 只能是 1（增加）或 2（取消）：${type}`);
      const key = `${id}\u0000${date}`;
      if (seen.has(key)) return err(`服务 ${id} 在 ${date} 的例外重复`);
      seen.add(key);
      this.services.add(id);
      if (type === '1') {
        this.activeServices.add(id);
        this.span(date);
      }
      await w.push({ feed_id: this.feedId, service_id: id.slice(0, 64), date, exception_type: Number(type) });
    }).finally(() => w.flush());
  }

  /**
   * Shapes are gathered per shape id (the file need not be grouped) and written as one JSON path
   * each. A city's shapes are a few hundred thousand points at most: kept, unlike stop_times.
   */
  private async readShapes(src: FeedSource): Promise<void> {
    const points = new Map<string, [number, number, number][]>();
    await this.each(src, 'shapes.txt', (r, _line, err) => {
      const id = r.shape_id ?? '';
      if (!id) return err('shape_id 不能为空');
      const lat = Number(r.shape_pt_lat);
      const lng = Number(r.shape_pt_lon);
      const seqText = r.shape_pt_sequence ?? '';
      if (!isNumber(r.shape_pt_lat ?? '') || lat < -90 || lat > 90 || !isNumber(r.shape_pt_lon ?? '') || lng < -180 || lng > 180) return err(`走向 ${id} 的坐标无效`);
      if (!isNonNegInt(seqText)) return err(`走向 ${id} 的 shape_pt_sequence 无效：${seqText}`);
      let list = points.get(id);
      if (!list) points.set(id, (list = []));
      list.push([Number(seqText), lat, lng]);
    });
    const w = this.writer('transit_shapes', 100);
    for (const [id, list] of points) {
      this.shapes.add(id);
      list.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < list.length; i++) if (list[i]![0] === list[i - 1]![0]) this.errors.add('shapes.txt', undefined, `走向 ${id} 的 shape_pt_sequence 重复：${list[i]![0]}`);
      await w.push({ feed_id: this.feedId, shape_id: id.slice(0, 64), points: JSON.stringify(list.map(([, lat, lng]) => [Math.round(lat * 1e6) / 1e6, Math.round(lng * 1e6) / 1e6])) });
    }
    await w.flush();
  }

  private async readTrips(src: FeedSource, haveRoutes: boolean, haveServices: boolean): Promise<boolean> {
    const w = this.writer('transit_trips');
    let noShape = 0;
    const ok = await this.each(src, 'trips.txt', async (r, _line, err) => {
      const id = r.trip_id ?? '';
      if (!id) return err('trip_id 不能为空');
      if (id.length > 64) return err(`trip_id 过长（最多 64 个字符）：${id.slice(0, 20)}…`);
      if (this.trips.has(id)) return err(`trip_id 重复：${id}`);
      this.trips.add(id);
      const route = r.route_id ?? '';
      const service = r.service_id ?? '';
      if (haveRoutes && !this.routes.has(route)) err(`班次 ${id} 的 route_id 不存在：${route}`);
      this.routesWithTrips.add(route);
      if (haveServices && !this.services.has(service)) err(`班次 ${id} 的 service_id 不存在：${service}`);
      const dir = r.direction_id ?? '';
      if (dir !== '' && dir !== '0' && dir !== '1') err(`班次 ${id} 的 direction_id 只能是 0 或 1：${dir}`);
      const shape = r.shape_id ?? '';
      if (shape && !this.shapes.has(shape)) err(`班次 ${id} 的 shape_id 不存在：${shape}`);
      if (!shape) noShape++;
      await w.push({ feed_id: this.feedId, trip_id: id, route_id: route.slice(0, 64), service_id: service.slice(0, 64), headsign: (r.trip_headsign ?? '').slice(0, 200), direction_id: dir === '' ? null : Number(dir), shape_id: shape ? shape.slice(0, 64) : null, block_id: r.block_id ? r.block_id.slice(0, 64) : null });
    });
    await w.flush();
    if (noShape) this.warnings.add('trips.txt', undefined, `${noShape} 个班次没有线路走向（shape_id），地图上将按站点连线绘制`);
    return ok;
  }

  private async readStopTimes(src: FeedSource, haveTrips: boolean, haveStops: boolean): Promise<void> {
    const w = this.writer('transit_stop_times');
    const done = new Set<string>();
    // Trips with a row refused: their whole-trip checks would only repeat that error in other words.
    const damaged = new Set<string>();
    let trip = '';
    let calls: CallRow[] = [];
    const finish = async () => {
      if (!trip) return;
      if (damaged.has(trip)) {
        done.add(trip);
        this.pending.delete(trip);
      } else if (done.has(trip)) await this.storeSplitRun(w, trip, calls);
      else {
        done.add(trip);
        await this.storeTrip(w, trip, calls);
      }
      calls = [];
    };
    await this.each(src, 'stop_times.txt', async (r, line, report) => {
      const tripId = r.trip_id ?? '';
      if (tripId !== trip) {
        await finish();
        trip = tripId;
      }
      const err = (m: string) => {
        report(m);
        damaged.add(tripId);
      };
      const stopId = r.stop_id ?? '';
      const seqText = r.stop_sequence ?? '';
      if (!tripId) return err('trip_id 不能为空');
      if (haveTrips && !this.trips.has(tripId)) return err(`trip_id 不存在：${tripId}`);
      if (haveStops) {
        const type = this.stops.get(stopId);
        if (type === undefined) return err(`stop_id 不存在：${stopId}`);
        if (type !== 0 && type !== 4) return err(`stop_id ${stopId} 是车站或出入口，班次只能停靠站台（location_type 0）`);
      }
      if (!isNonNegInt(seqText)) return err(`stop_sequence 不是非负整数：${seqText}`);
      const arrText = r.arrival_time ?? '';
      const depText = r.departure_time ?? '';
      let arr = arrText ? parseGtfsTime(arrText) : UNSET;
      let dep = depText ? parseGtfsTime(depText) : UNSET;
      if (arr === null) return err(`arrival_time 格式应为 H:MM:SS：${arrText}`);
      if (dep === null) return err(`departure_time 格式应为 H:MM:SS：${depText}`);
      if (arr === UNSET) arr = dep;
      if (dep === UNSET) dep = arr;
      const distText = r.shape_dist_traveled ?? '';
      if (distText && !isNumber(distText)) return err(`shape_dist_traveled 无效：${distText}`);
      const pickup = r.pickup_type ?? '';
      const dropOff = r.drop_off_type ?? '';
      if (pickup && !/^[0-3]$/.test(pickup)) return err(`pickup_type 只能是 0–3：${pickup}`);
      if (dropOff && !/^[0-3]$/.test(dropOff)) return err(`drop_off_type 只能是 0–3：${dropOff}`);
      this.usedStops.add(stopId);
      calls.push({ line, seq: Number(seqText), stopId, arr, dep, pickup: Number(pickup || 0), dropOff: Number(dropOff || 0), dist: distText ? Number(distText) : null });
    });
    await finish();
    await w.flush();
    this.stopTimeCount = w.written;
    if (this.live()) for (const t of this.trips) if (!done.has(t)) this.warnings.add('trips.txt', undefined, `班次 ${t} 没有任何停站时间，将不会被使用`);
  }

  private row(tripId: string, c: CallRow) {
    return { feed_id: this.feedId, trip_id: tripId, stop_sequence: c.seq, stop_id: c.stopId, arrival_s: c.arr, departure_s: c.dep, pickup_type: c.pickup, drop_off_type: c.dropOff, dist: c.dist };
  }

  /** Checks a trip's calls in order and fills their missing times; the problems as [line, message]. */
  private checkTrip(calls: CallRow[], inFileOrder: boolean): { hard: [number | undefined, string][]; soft: [number | undefined, string][] } {
    const hard: [number | undefined, string][] = [];
    const soft: [number | undefined, string][] = [];
    for (let i = 1; i < calls.length; i++) {
      const prev = calls[i - 1]!;
      const c = calls[i]!;
      if (c.seq === prev.seq) hard.push([c.line || undefined, `stop_sequence 重复：${c.seq}`]);
      else if (inFileOrder && c.seq < prev.seq) hard.push([c.line, `stop_sequence 应严格递增：${c.seq} 不大于上一行的 ${prev.seq}`]);
    }
    if (calls.length < 2) soft.push([calls[0]?.line || undefined, '每个班次至少需要两个停站']);
    const first = calls[0];
    const last = calls[calls.length - 1];
    if (first && first.arr === UNSET) soft.push([first.line || undefined, `班次的首站必须填写到站和离站时间（stop_sequence ${first.seq}）`]);
    if (last && calls.length > 1 && last.arr === UNSET) soft.push([last.line || undefined, `班次的末站必须填写到站和离站时间（stop_sequence ${last.seq}）`]);
    if (hard.length || soft.length) return { hard, soft };
    let prevDep = -1;
    for (const c of calls) {
      if (c.arr === UNSET) continue;
      if (c.dep < c.arr) hard.push([c.line || undefined, `离站时间早于到站时间（stop_sequence ${c.seq}）`]);
      if (c.arr < prevDep) hard.push([c.line || undefined, `到站时间早于上一站的离站时间（stop_sequence ${c.seq}）`]);
      prevDep = c.dep;
    }
    if (!hard.length) this.interpolated += interpolateTimes(calls);
    return { hard, soft };
  }

  /** A trip's one run of rows (the usual case: stop_times.txt grouped by trip). */
  private async storeTrip(w: TableWriter<'transit_stop_times'>, tripId: string, calls: CallRow[]): Promise<void> {
    const { hard, soft } = this.checkTrip(calls, true);
    for (const [line, m] of hard) this.errors.add('stop_times.txt', line, `班次 ${tripId}：${m}`);
    // What a later run of the same trip could still fix waits for the end of the file.
    if (soft.length) this.pending.set(tripId, soft.map(([line, m]) => ({ line: line ?? 0, message: `班次 ${tripId}：${m}` })));
    for (const c of calls) await w.push(this.row(tripId, c));
  }

  /** A later run of a trip already seen: stored as read (no duplicate sequence), checked by postChecks. */
  private async storeSplitRun(w: TableWriter<'transit_stop_times'>, tripId: string, calls: CallRow[]): Promise<void> {
    this.pending.delete(tripId);
    this.splitTrips.add(tripId);
    if (!this.live()) return;
    await w.flush();
    const have = new Set((await this.db.selectFrom('transit_stop_times').select('stop_sequence').where('feed_id', '=', this.feedId).where('trip_id', '=', tripId).execute()).map((r) => r.stop_sequence));
    for (const c of calls) {
      if (have.has(c.seq)) {
        this.errors.add('stop_times.txt', c.line, `班次 ${tripId}：stop_sequence 重复：${c.seq}`);
        continue;
      }
      have.add(c.seq);
      await w.push(this.row(tripId, c));
    }
  }

  /** Trips whose rows were spread over the file: read back in stop_sequence order, checked and interpolated. */
  async postChecks(): Promise<void> {
    const ids = [...this.splitTrips];
    for (let i = 0; i < ids.length && this.live(); i += 200) {
      const chunk = ids.slice(i, i + 200);
      const rows = await this.db.selectFrom('transit_stop_times').selectAll().where('feed_id', '=', this.feedId).where('trip_id', 'in', chunk).orderBy('trip_id').orderBy('stop_sequence').execute();
      const byTrip = new Map<string, CallRow[]>();
      for (const r of rows) {
        let list = byTrip.get(r.trip_id);
        if (!list) byTrip.set(r.trip_id, (list = []));
        list.push({ line: 0, seq: r.stop_sequence, stopId: r.stop_id, arr: r.arrival_s, dep: r.departure_s, pickup: r.pickup_type, dropOff: r.drop_off_type, dist: r.dist });
      }
      for (const [tripId, calls] of byTrip) {
        const before = calls.map((c) => c.arr);
        const { hard, soft } = this.checkTrip(calls, false);
        for (const [, m] of [...hard, ...soft]) this.errors.add('stop_times.txt', undefined, `班次 ${tripId}：${m}`);
        if (!this.live()) return;
        for (let k = 0; k < calls.length; k++) {
          const c = calls[k]!;
          if (before[k] === c.arr) continue;
          await this.db.updateTable('transit_stop_times').set({ arrival_s: c.arr, departure_s: c.dep }).where('feed_id', '=', this.feedId).where('trip_id', '=', tripId).where('stop_sequence', '=', c.seq).execute();
        }
      }
      await yieldToLoop();
    }
  }

  private async readFrequencies(src: FeedSource, haveTrips: boolean): Promise<void> {
    const w = this.writer('transit_frequencies');
    const seen = new Set<string>();
    await this.each(src, 'frequencies.txt', async (r, _line, err) => {
      const trip = r.trip_id ?? '';
      if (haveTrips && !this.trips.has(trip)) return err(`trip_id 不存在：${trip}`);
      const start = parseGtfsTime(r.start_time ?? '');
      const end = parseGtfsTime(r.end_time ?? '');
      if (start === null) return err(`start_time 格式应为 H:MM:SS：${r.start_time ?? ''}`);
      if (end === null) return err(`end_time 格式应为 H:MM:SS：${r.end_time ?? ''}`);
      if (end <= start) return err(`班次 ${trip} 的 end_time 应晚于 start_time`);
      const headway = r.headway_secs ?? '';
      if (!isNonNegInt(headway) || Number(headway) === 0) return err(`headway_secs 应为正整数：${headway}`);
      const exact = r.exact_times ?? '';
      if (exact !== '' && exact !== '0' && exact !== '1') return err(`exact_times 只能是 0 或 1：${exact}`);
      const key = `${trip}\u0000${start}`;
      if (seen.has(key)) return err(`班次 ${trip} 在 ${r.start_time ?? ''} 的发车间隔重复`);
      seen.add(key);
      await w.push({ feed_id: this.feedId, trip_id: trip, start_s: start, end_s: end, headway_s: Number(headway), exact_times: Number(exact || 0) });
    });
    await w.flush();
  }

  private async readTransfers(src: FeedSource, haveStops: boolean): Promise<void> {
    const w = this.writer('transit_transfers');
    let skipped = 0;
    await this.each(src, 'transfers.txt', async (r, _line, err) => {
      const type = r.transfer_type ?? '';
      if (type === '4' || type === '5') {
        // In-seat transfers between trips (block continuation): the planner does not use them.
        skipped++;
        return;
      }
      if (type !== '' && !/^[0-3]$/.test(type)) return err(`transfer_type 只能是 0–5：${type}`);
      const from = r.from_stop_id ?? '';
      const to = r.to_stop_id ?? '';
      if (haveStops && !this.stops.has(from)) return err(`from_stop_id 不存在：${from}`);
      if (haveStops && !this.stops.has(to)) return err(`to_stop_id 不存在：${to}`);
      const min = r.min_transfer_time ?? '';
      if (min && !isInt(min)) return err(`min_transfer_time 应为整数秒：${min}`);
      if (min && Number(min) < 0) return err(`min_transfer_time 不能为负数：${min}`);
      await w.push({ feed_id: this.feedId, from_stop_id: from, to_stop_id: to, transfer_type: Number(type || 0), min_transfer_time: min ? Number(min) : null });
    });
    await w.flush();
    if (skipped) this.warnings.add('transfers.txt', undefined, `${skipped} 条同车换乘（transfer_type 4/5）未导入，换乘规划不使用它们`);
  }
}
