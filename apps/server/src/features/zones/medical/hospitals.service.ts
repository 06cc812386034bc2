/**
 * 预约挂号's catalogue: hospitals, departments and the week's 号源, read through from the HIS.
 *
 * Hospitals and departments change seldom, so an answer is kept HOSPITALS_TTL_MS per process. The
 * 号源 move with every booking in the city, so a schedule is kept only SCHEDULE_TTL_MS — enough that
 * 500 citizens looking at the same department make one HIS call every few seconds, not one each —
 * and it is stamped with a shared counter per (hospital, day) that our own lock, release and cancel
 * move (`touch`), so after a registration here this process reads the HIS afresh at once and every
 * other worker and instance within STAMP_CHECK_MS. Every entry is stamped with the 接口管理 endpoint too, so
 * pointing the HIS elsewhere drops what the old one said. Failures are never kept.
 */
import { randomUUID } from 'node:crypto';
import { HOSPITAL_LEVEL_NAMES, SCHEDULE_DAYS, type DepartmentListResponse, type HospitalDepartmentView, type HospitalLevel, type HospitalView, type ScheduleResponse } from '@dz/contracts';
import type { HisDepartment, HisDepartmentsResult, HisHospital, HisHospitalsResult, HisSchedulesResult } from '@dz/partner-protocol';
import type { AppContext } from '../../../infra/context.js';
import { AppError, badRequest } from '../../../infra/errors.js';
import { beijingDay } from '../../../infra/time.js';
import { TtlCache } from '../../../infra/ttl-cache.js';
import { CITY_SITE } from '../../../partners/endpoints.js';
import { PartnerRefusal } from '../../../partners/partner-client.js';
import { EnvelopeCode } from '@dz/partner-protocol';
import type { HisConnector, HisMeta } from '../../../partners/connectors/his.js';
import { MedicalErrorCodes } from '@dz/contracts';

export const HOSPITALS_TTL_MS = 5 * 60_000;
export const SCHEDULE_TTL_MS = 3_000;
/**
 * How often a process re-reads a schedule's shared stamp: one store read per (hospital, day) per
 * process in this time, however many requests (a store read per request was the cost of a schedule
 * read at 500 connections). Our own lock moves the local copy at once; another worker or instance
 * sees it within this time.
 */
export const STAMP_CHECK_MS = 250;
const CACHE_MAX = 2_000;
const DAY_MS = 86_400_000;
const STAMP_TTL_MS = 8 * DAY_MS;
const LEVEL_ORDER: Record<HospitalLevel, number> = { province: 0, city: 1, county: 2 };

export function hospitalView(h: HisHospital): HospitalView {
  return { id: h.id, name: h.name, level: h.level, levelName: HOSPITAL_LEVEL_NAMES[h.level], grade: h.grade, address: h.address, phone: h.phone, siteCode: h.site, intro: h.intro };
}

const departmentView = (d: HisDepartment): HospitalDepartmentView => ({ id: d.id, name: d.name, category: d.category, intro: d.intro });

/** The SCHEDULE_DAYS bookable Beijing days from today. */
export function bookableDays(now = Date.now()): string[] {
  return Array.from({ length: SCHEDULE_DAYS }, (_, i) => beijingDay(now + i * DAY_MS));
}

export const hospitalNotFound = () => new AppError(404, MedicalErrorCodes.HOSPITAL_NOT_FOUND, '未找到该医院或科室，请返回重新选择');

export class HospitalsService {
  private readonly lists = new TtlCache<HisHospitalsResult>(HOSPITALS_TTL_MS, 10);
  private readonly departmentsCache = new TtlCache<HisDepartmentsResult>(HOSPITALS_TTL_MS, CACHE_MAX);
  private readonly schedulesCache = new TtlCache<HisSchedulesResult>(SCHEDULE_TTL_MS, CACHE_MAX);
  /** The schedule stamps as last read or written here, and when. */
  private readonly stamps = new Map<string, { value: string; at: number }>();
  private readonly stampReads = new Map<string, Promise<string>>();
  /** Misses of one key that happen together share one HIS call (a cold cache under 500 connections). */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly his: HisConnector,
  ) {}

  /** The HIS is one regional gateway: the city's 接口管理 entry (or the environment) applies. */
  meta(requestId?: string): HisMeta {
    return { site: CITY_SITE, requestId };
  }

  private async through<V>(cache: TtlCache<V>, key: string, stamp: string, load: () => Promise<V>): Promise<V> {
    const full = `${stamp}\u0000${await this.ctx.partnerEndpoints.identity('his', CITY_SITE)}`;
    const kept = cache.get(key, full);
    if (kept !== undefined) return kept;
    const flight = `${key}\u0000${full}`;
    let call = this.inFlight.get(flight) as Promise<V> | undefined;
    if (!call) {
      call = load().finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, call);
    }
    const value = await call;
    cache.set(key, full, value);
    return value;
  }

  private static stampKey(hospitalId: string, date: string): string {
    return `medical:schedule:${hospitalId}:${date}`;
  }

  /** Our own lock / release / cancel changed a place of this hospital on this day: every reader refetches. */
  async touch(hospitalId: string, date: string): Promise<void> {
    const key = HospitalsService.stampKey(hospitalId, date);
    // A new random value, not an increment: the stamp only has to change, and a plain write does
    // not retry against the other registrations of the hour (the store's increment without Redis
    // is a compare-and-set, which 500 registrations at once turned into a retry storm).
    const value = randomUUID();
    await this.ctx.kv.set(key, value, STAMP_TTL_MS);
    this.remember(key, value);
  }

  private remember(key: string, value: string): void {
    if (this.stamps.size >= CACHE_MAX) this.stamps.clear();
    this.stamps.set(key, { value, at: Date.now() });
  }

  private async stamp(hospitalId: string, date: string): Promise<string> {
    const key = HospitalsService.stampKey(hospitalId, date);
    const known = this.stamps.get(key);
    if (known && Date.now() - known.at < STAMP_CHECK_MS) return known.value;
    let read = this.stampReads.get(key);
    if (!read) {
      read = this.ctx.kv
        .get(key)
        .then((v) => {
          const value = v ?? '0';
          // A touch while reading wrote a newer value; the read may predate it.
          if (this.stamps.get(key) === known) this.remember(key, value);
          return this.stamps.get(key)?.value ?? value;
        })
        .finally(() => this.stampReads.delete(key));
      this.stampReads.set(key, read);
    }
    return read;
  }

  async allHospitals(requestId?: string): Promise<HisHospital[]> {
    const r = await this.through(this.lists, 'all', '', () => this.his.hospitals({}, this.meta(requestId)));
    return r.hospitals;
  }

  /**
   * A site's hospitals: its own first, then those of the sites above it (a county lists its own
   * hospitals, then the city's and the province's); the city lists every hospital of Dazhou.
   * Within a group, 省属 before 市级 before 区县级, then by name.
   */
  async hospitals(q: { level?: HospitalLevel; site?: string; q?: string }, requestId?: string): Promise<HospitalView[]> {
    const site = q.site ?? CITY_SITE;
    const lineage = await this.ctx.sites.ancestry(site);
    if (lineage.length === 0) throw badRequest('站点不存在', { site: '站点不存在' });
    const below = site === CITY_SITE ? new Set(await this.ctx.sites.subtree(site)) : new Set<string>();
    const rank = (h: HisHospital): number => {
      const up = lineage.indexOf(h.site);
      if (up >= 0) return up;
      return below.has(h.site) ? lineage.length : -1;
    };
    const term = q.q?.trim().toLowerCase() ?? '';
    return (await this.allHospitals(requestId))
      .filter((h) => rank(h) >= 0 && (!q.level || h.level === q.level) && (!term || h.name.toLowerCase().includes(term)))
      .sort((a, b) => rank(a) - rank(b) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.name.localeCompare(b.name, 'zh-CN'))
      .map(hospitalView);
  }

  /** The HIS's 2001 (unknown hospital or department) as our 404. */
  private static async known<V>(p: Promise<V>): Promise<V> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === EnvelopeCode.NOT_FOUND) throw hospitalNotFound();
      throw err;
    }
  }

  async departments(hospitalId: string, requestId?: string): Promise<DepartmentListResponse> {
    const r = await this.through(this.departmentsCache, hospitalId, '', () => HospitalsService.known(this.his.departments(hospitalId, this.meta(requestId))));
    return { hospital: hospitalView(r.hospital), items: r.departments.map(departmentView) };
  }

  async schedules(q: { hospitalId: string; departmentId: string; date?: string | undefined }, requestId?: string): Promise<ScheduleResponse> {
    const dates = bookableDays();
    const date = q.date ?? dates[0]!;
    if (!dates.includes(date)) throw badRequest(`只能预约今天起${SCHEDULE_DAYS}天内的号源`, { date: `只能预约今天起${SCHEDULE_DAYS}天内的号源` });
    const stamp = await this.stamp(q.hospitalId, date);
    const key = `${q.hospitalId}\u0000${q.departmentId}\u0000${date}`;
    const r = await this.through(this.schedulesCache, key, stamp, () =>
      HospitalsService.known(this.his.schedules({ hospitalId: q.hospitalId, departmentId: q.departmentId, date }, this.meta(requestId))),
    );
    return {
      hospital: hospitalView(r.hospital),
      department: departmentView(r.department),
      date: r.date,
      dates,
      doctors: r.doctors.map((d) => ({
        doctorId: d.doctorId,
        name: d.name,
        title: d.title,
        speciality: d.speciality,
        fee: d.fee,
        slots: d.slots.map((s) => ({ slotId: s.slotId, date: s.date, period: s.period, time: `${s.start}-${s.end}`, fee: s.fee, remaining: s.remaining, total: s.total })),
      })),
    };
  }

  /** The site a hospital belongs to (its bookings count there), or the city when the HIS does not list it. */
  async siteOf(hospitalId: string): Promise<string> {
    return (await this.allHospitals()).find((h) => h.id === hospitalId)?.site ?? CITY_SITE;
  }
}
