/**
 * The one reservation ledger both quota systems (scenic 文旅预约平台, venues 场馆预约系统) keep:
 * resources whose per-day slots come from a rule (weekday / weekend capacity, closed weekdays,
 * holidays), and the bookings that take their places. Everything a booking checks and takes
 * happens in one synchronous call, so two requests can never both see the last place free: Node
 * runs one handler at a time and nothing here awaits between the check and the take.
 */
import type { QuotaAvailability, QuotaBooking, QuotaBookingRequest, QuotaRefusal, QuotaResource, QuotaSlot } from '@dz/partner-protocol';
import { BizCode } from '@dz/partner-protocol';
import { DAY_MS, beijingDate, beijingDayRange, beijingFields } from '../../lib/beijing.js';
import { isChecksumValid } from '../../lib/id-number.js';

/** One band of a day: 'HH:MM' Beijing, with the places of a working day and of a weekend / holiday. */
export interface SlotRule {
  start: string;
  end: string;
  weekday: number;
  weekend: number;
}

export interface ResourceDef extends QuotaResource {
  slots: readonly SlotRule[];
  /** Days of the week the resource is shut (0 = Sunday … 6 = Saturday) and why. */
  closedWeekdays: readonly number[];
  closedWeekdayReason: string;
  /** 'MM-DD' the resource is shut (闭馆), with the reason. */
  closedDates: Readonly<Record<string, string>>;
  /** 'MM-DD' counted as holidays: weekend capacity on a working day. */
  holidays: readonly string[];
}

export type LedgerOutcome<T> = { ok: T } | { refused: { code: string; message: string; data: QuotaRefusal | null } };

interface Entry {
  appKey: string;
  portalRef: string;
  booking: QuotaBooking;
  /** Full ID numbers of the visitors: kept to free the one-per-day rule on cancel, never answered. */
  idNumbers: string[];
  startsAt: number;
  endsAt: number;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const NAME = /^[\p{Script=Han}·]{2,20}$/u;

/** 'S0830': a slot's id is its start, the same every day. */
export const slotIdOf = (start: string) => `S${start.replace(':', '')}`;

/** '5117**********1234' */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

/** '张*', '欧阳**' */
export function maskPersonName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}

function instantOf(date: string, hhmm: string): number {
  const day = beijingDayRange(date)!;
  const m = HHMM.exec(hhmm)!;
  return day.start + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

const refused = (code: string, message: string, data: QuotaRefusal | null = null): { refused: { code: string; message: string; data: QuotaRefusal | null } } => ({ refused: { code, message, data } });

export class QuotaLedger {
  private readonly resources: ReadonlyMap<string, ResourceDef>;
  private readonly entries = new Map<string, Entry>();
  /** appKey\nportalRef → bookingNo: the same portalRef answers the first booking. */
  private readonly byRef = new Map<string, string>();
  /** resource|date|slot → places taken by confirmed bookings. */
  private readonly taken = new Map<string, number>();
  /** resource|date|idNumber → bookingNo of the visitor's live booking that day. */
  private readonly holders = new Map<string, string>();
  /** resource|date|slot → capacity set by the test control. */
  private readonly capacityOverride = new Map<string, number>();
  private seq = 0;

  constructor(
    resources: readonly ResourceDef[],
    private readonly bookingPrefix: string,
    private readonly now: () => number,
  ) {
    this.resources = new Map(resources.map((r) => [r.id, r]));
  }

  list(county?: string): QuotaResource[] {
    return [...this.resources.values()].filter((r) => !county || r.county === county).map(publicResource);
  }

  resource(id: string): ResourceDef | undefined {
    return this.resources.get(id);
  }

  /** The days bookings are open, today first (Beijing). */
  window(r: ResourceDef): string[] {
    const t = this.now();
    return Array.from({ length: r.daysAhead }, (_, i) => beijingDate(t + i * DAY_MS));
  }

  /** Why the resource is shut that day, or null. */
  closedReason(r: ResourceDef, date: string): string | null {
    const md = date.slice(5);
    if (r.closedDates[md]) return r.closedDates[md]!;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return r.closedWeekdays.includes(weekday) && !r.holidays.includes(md) ? r.closedWeekdayReason : null;
  }

  private capacity(r: ResourceDef, date: string, rule: SlotRule): number {
    const set = this.capacityOverride.get(`${r.id}|${date}|${slotIdOf(rule.start)}`);
    if (set !== undefined) return set;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday === 0 || weekday === 6 || r.holidays.includes(date.slice(5)) ? rule.weekend : rule.weekday;
  }

  private slot(r: ResourceDef, date: string, rule: SlotRule): QuotaSlot {
    const capacity = this.capacity(r, date, rule);
    const slotId = slotIdOf(rule.start);
    return { slotId, start: rule.start, end: rule.end, capacity, remaining: Math.max(0, capacity - (this.taken.get(`${r.id}|${date}|${slotId}`) ?? 0)) };
  }

  /** Every slot of the day, started ones included (their remaining is what is left). */
  availability(resourceId: string, date: string): LedgerOutcome<QuotaAvailability> {
    const r = this.resources.get(resourceId);
    if (!r) return refused(BizCode.NOT_FOUND, `没有编号为 ${resourceId} 的预约场所`);
    if (!beijingDayRange(date)) return refused(BizCode.INVALID_DATA, '日期应为 YYYY-MM-DD', { reason: 'invalid' });
    const closedReason = this.closedReason(r, date);
    return { ok: { resourceId, date, closed: closedReason !== null, closedReason, slots: closedReason ? [] : r.slots.map((s) => this.slot(r, date, s)) } };
  }

  /**
   * Takes the places of all visitors or none. Synchronous on purpose: the check of the places,
   * of the one-per-day rule and the take happen with no other request in between.
   */
  book(appKey: string, req: QuotaBookingRequest): LedgerOutcome<QuotaBooking> {
    const again = this.byRef.get(`${appKey}\n${req.portalRef}`);
    if (again) return { ok: this.view(this.entries.get(again)!) };

    const r = this.resources.get(req.resourceId);
    if (!r) return refused(BizCode.NOT_FOUND, `没有编号为 ${req.resourceId} 的预约场所`);
    const invalid = (message: string) => refused(BizCode.INVALID_DATA, message, { reason: 'invalid' });
    if (!beijingDayRange(req.date)) return invalid('预约日期应为 YYYY-MM-DD');
    const days = this.window(r);
    if (req.date < days[0]!) return refused(BizCode.STATE_CONFLICT, '该日期已过，请选择其他日期', { reason: 'started' });
    if (!days.includes(req.date)) return invalid(`${r.name}只开放今天起${r.daysAhead}天内的预约，请选择 ${days[0]} 至 ${days[days.length - 1]} 之间的日期`);
    const closed = this.closedReason(r, req.date);
    if (closed) return invalid(`${req.date} ${closed}，请选择其他日期`);
    const rule = r.slots.find((s) => slotIdOf(s.start) === req.slotId);
    if (!rule) return invalid('所选时段不存在，请刷新后重新选择时段');
    const startsAt = instantOf(req.date, rule.start);
    if (startsAt <= this.now()) return refused(BizCode.STATE_CONFLICT, `${rule.start}–${rule.end} 时段已开始，请选择其他时段`, { reason: 'started' });

    if (req.visitors.length < 1 || req.visitors.length > r.maxVisitors) return invalid(`每次预约1至${r.maxVisitors}人`);
    const seen = new Set<string>();
    for (const v of req.visitors) {
      if (!NAME.test(v.name)) return invalid('游客姓名应为2–20个汉字');
      if (!isChecksumValid(v.idNumber)) return invalid(`身份证号 ${maskIdNumber(v.idNumber)} 不正确，请核对后重新填写`);
      if (seen.has(v.idNumber)) return refused(BizCode.INVALID_DATA, `身份证号 ${maskIdNumber(v.idNumber)} 在本次预约中重复填写`, { reason: 'duplicate', idNumberMasked: maskIdNumber(v.idNumber) });
      seen.add(v.idNumber);
      if (this.holders.has(`${r.id}|${req.date}|${v.idNumber}`)) {
        return refused(BizCode.INVALID_DATA, `身份证号 ${maskIdNumber(v.idNumber)} 已预约 ${req.date} 的${r.name}，同一证件每天只能预约一次`, { reason: 'duplicate', idNumberMasked: maskIdNumber(v.idNumber) });
      }
    }
    const slot = this.slot(r, req.date, rule);
    if (slot.remaining < req.visitors.length) {
      return refused(BizCode.STATE_CONFLICT, slot.remaining === 0 ? `${rule.start}–${rule.end} 时段已约满，请选择其他时段` : `${rule.start}–${rule.end} 时段仅剩${slot.remaining}个名额，请减少人数或选择其他时段`, { reason: 'full' });
    }

    // The take: nothing above awaited, so the places counted are still free.
    const key = `${r.id}|${req.date}|${req.slotId}`;
    this.taken.set(key, (this.taken.get(key) ?? 0) + req.visitors.length);
    const t = this.now();
    this.seq += 1;
    const bookingNo = `${this.bookingPrefix}${beijingDate(t).replaceAll('-', '')}${String(this.seq).padStart(6, '0')}`;
    const entry: Entry = {
      appKey,
      portalRef: req.portalRef,
      idNumbers: req.visitors.map((v) => v.idNumber),
      startsAt,
      endsAt: instantOf(req.date, rule.end),
      booking: {
        bookingNo,
        resourceId: r.id,
        resourceName: r.name,
        date: req.date,
        slotId: req.slotId,
        start: rule.start,
        end: rule.end,
        visitors: req.visitors.map((v) => ({ name: maskPersonName(v.name), idNumberMasked: maskIdNumber(v.idNumber) })),
        status: 'confirmed',
        createdAt: new Date(t).toISOString(),
        cancelledAt: null,
      },
    };
    this.entries.set(bookingNo, entry);
    this.byRef.set(`${appKey}\n${req.portalRef}`, bookingNo);
    for (const id of entry.idNumbers) this.holders.set(`${r.id}|${req.date}|${id}`, bookingNo);
    return { ok: this.view(entry) };
  }

  /** A booking of this caller (another app's booking answers like a missing one). */
  get(appKey: string, bookingNo: string): LedgerOutcome<QuotaBooking> {
    const e = this.entries.get(bookingNo);
    if (!e || e.appKey !== appKey) return refused(BizCode.NOT_FOUND, `没有预约号为 ${bookingNo} 的预约`);
    return { ok: this.view(e) };
  }

  /** Frees the places before the slot starts; a cancelled booking is answered again. */
  cancel(appKey: string, bookingNo: string): LedgerOutcome<QuotaBooking> {
    const e = this.entries.get(bookingNo);
    if (!e || e.appKey !== appKey) return refused(BizCode.NOT_FOUND, `没有预约号为 ${bookingNo} 的预约`);
    if (e.booking.status === 'cancelled') return { ok: this.view(e) };
    if (e.startsAt <= this.now()) return refused(BizCode.STATE_CONFLICT, '预约时段已开始，不能取消', { reason: 'started' });
    const b = e.booking;
    const key = `${b.resourceId}|${b.date}|${b.slotId}`;
    this.taken.set(key, Math.max(0, (this.taken.get(key) ?? 0) - e.idNumbers.length));
    for (const id of e.idNumbers) if (this.holders.get(`${b.resourceId}|${b.date}|${id}`) === bookingNo) this.holders.delete(`${b.resourceId}|${b.date}|${id}`);
    b.status = 'cancelled';
    b.cancelledAt = new Date(this.now()).toISOString();
    return { ok: this.view(e) };
  }

  /** Test control: a slot's capacity on a date (places already taken stay taken). */
  setCapacity(resourceId: string, date: string, slotId: string, capacity: number): LedgerOutcome<QuotaSlot> {
    const r = this.resources.get(resourceId);
    if (!r) return refused(BizCode.NOT_FOUND, `没有编号为 ${resourceId} 的预约场所`);
    const rule = r.slots.find((s) => slotIdOf(s.start) === slotId);
    if (!rule || !beijingDayRange(date)) return refused(BizCode.NOT_FOUND, '时段或日期不存在');
    this.capacityOverride.set(`${resourceId}|${date}|${slotId}`, capacity);
    return { ok: this.slot(r, date, rule) };
  }

  reset(): void {
    this.entries.clear();
    this.byRef.clear();
    this.taken.clear();
    this.holders.clear();
    this.capacityOverride.clear();
  }

  /** A confirmed booking whose slot has ended reads as used (the visit took place). */
  private view(e: Entry): QuotaBooking {
    const b = e.booking;
    const status = b.status === 'confirmed' && e.endsAt <= this.now() ? 'used' : b.status;
    return { ...b, visitors: b.visitors.map((v) => ({ ...v })), status };
  }
}

export function publicResource(r: ResourceDef): QuotaResource {
  return { id: r.id, name: r.name, kind: r.kind, county: r.county, countyName: r.countyName, level: r.level, address: r.address, openHours: r.openHours, maxVisitors: r.maxVisitors, daysAhead: r.daysAhead, notice: r.notice };
}

/** Beijing weekday of an instant (0 = Sunday), for tests and pages. */
export const beijingWeekday = (ms: number) => new Date(Date.UTC(beijingFields(ms).year, beijingFields(ms).month - 1, beijingFields(ms).day)).getUTCDay();
