/**
 * 办事预约, the citizen's side: which halls there are, which slots an item can be booked in,
 * booking, 我的预约 and cancelling. Booking requires 实名认证 because the hall checks the
 * booker's identity at the window and a booking holds a place that others cannot take.
 */
import { AppointmentErrorCodes as E, CITY_SITE, type AppointmentCreateRequest, type AppointmentView, type BookingHall, type BookingView, type HallCard } from '@dz/contracts';
import { AppError, badRequest, conflict, notFound, unauthenticated } from '../../infra/errors.js';
import type { AppContext } from '../../infra/context.js';
import { nowIso } from '../../infra/time.js';
import type { SitesService } from '../sites/sites.service.js';
import { isUniqueViolation, UsersRepository } from '../auth/users.repository.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { appointmentCode, CANCEL_CUTOFF_MS, toAppointmentView } from './appointments.view.js';
import { addDays, beijingToday, instantOf, isoWeekday, isValidDay } from './beijing-time.js';
import { HallsRepository, parseItemIds, type BookingItemRow, type HallRow } from './halls.repository.js';
import { SlotsRepository } from './slots.repository.js';
import type { BookingsService } from '../bookings/bookings.service.js';
import { ITEM_KIND, itemBooking } from './item-bookings.js';

/** The city station: the H5's site when the user has not chosen one. */
export const DEFAULT_SITE = CITY_SITE;
/** 我的预约 shows this many of the newest bookings; older ones are history nobody scrolls to. */
const MY_LIMIT = 100;
/** Collisions of the 6-symbol tail are ~1 in 10⁹; a couple of retries make them harmless. */
const CODE_ATTEMPTS = 3;

export const toHallCard = (h: HallRow): HallCard => ({ id: h.id, name: h.name, address: h.address, phone: h.phone, hours: h.hours, siteCode: h.site_code });

export class BookingService {
  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
    private readonly bookings: BookingsService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Halls of the site and of the sites above it: a county's citizens may also go to the city centre. */
  async halls(site = DEFAULT_SITE): Promise<HallCard[]> {
    const ancestry = await this.sites.ancestry(site);
    if (!ancestry.length) throw notFound('站点不存在，请重新选择站点');
    const rows = await new HallsRepository(this.ctx.db).listHalls(ancestry);
    const rank = (code: string) => ancestry.indexOf(code);
    return rows.sort((a, b) => rank(a.site_code) - rank(b.site_code) || a.id - b.id).map(toHallCard);
  }

  private async bookableItem(itemId: number, status: 400 | 404): Promise<BookingItemRow> {
    const item = await new HallsRepository(this.ctx.db).findItem(itemId);
    if (!item || item.status !== 'online') throw notFound('事项不存在或已下线，请重新选择');
    if (Number(item.bookable) !== 1) throw new AppError(status, E.ITEM_NOT_BOOKABLE, '该事项暂不支持办事预约，可在线办理或直接到窗口办理');
    return item;
  }

  /** Open slots for an item from `from` (never before today) for `days` days, grouped by hall and day. */
  async booking(itemId: number, query: { from?: string | undefined; days?: number | undefined }): Promise<BookingView> {
    const item = await this.bookableItem(itemId, 404);
    if (query.from !== undefined && !isValidDay(query.from)) throw badRequest('日期不正确，请重新选择', { from: '日期不正确' });
    const now = this.clock();
    const today = beijingToday(now);
    const from = query.from && query.from > today ? query.from : today;
    const to = addDays(from, (query.days ?? 7) - 1);

    const halls = new HallsRepository(this.ctx.db);
    const serving = (await halls.allWindows()).filter((w) => parseItemIds(w.item_ids).includes(itemId));
    const hallRows = await halls.hallsByIds([...new Set(serving.map((w) => w.hall_id))]);
    const slots = (await new SlotsRepository(this.ctx.db).listForWindows(serving.map((w) => w.id), from, to)).filter((s) => instantOf(s.day, s.start_time) > now);

    const out: BookingHall[] = hallRows.map((h) => ({ ...toHallCard(h), days: [] }));
    const byId = new Map(out.map((h) => [h.id, h]));
    for (const s of slots) {
      const hall = byId.get(s.hall_id);
      if (!hall) continue;
      let day = hall.days.at(-1);
      if (day?.day !== s.day) {
        day = { day: s.day, weekday: isoWeekday(s.day), slots: [] };
        hall.days.push(day);
      }
      day.slots.push({ id: s.id, start: s.start_time, end: s.end_time, capacity: s.capacity, available: Math.max(0, s.capacity - s.booked), windowId: s.window_id, windowName: s.window_name });
    }
    return { item: { id: item.id, name: item.name }, from, to, halls: out };
  }

  async book(userId: number, body: AppointmentCreateRequest): Promise<AppointmentView> {
    const user = await new UsersRepository(this.ctx.db).findActiveById(userId);
    if (!user) throw unauthenticated('登录已失效，请重新登录');
    if (Number(user.real_name_verified) !== 1) throw new AppError(403, E.REALNAME_REQUIRED, '办事预约需先完成实名认证');
    const item = await this.bookableItem(body.itemId, 400);

    const slot = await new SlotsRepository(this.ctx.db).findWithWindow(body.slotId);
    if (!slot) throw notFound('该时段不存在或已被撤销，请刷新后重新选择');
    if (!parseItemIds(slot.item_ids).includes(body.itemId)) throw new AppError(400, E.SLOT_NOT_FOR_ITEM, '所选窗口不办理该事项，请重新选择时段');
    if (instantOf(slot.day, slot.start_time) <= this.clock()) throw new AppError(400, E.SLOT_PAST, '该时段已过，请选择其他时段');
    const hall = await new HallsRepository(this.ctx.db).findHall(slot.hall_id);
    if (!hall) throw notFound('该时段不存在或已被撤销，请刷新后重新选择');

    // Taking the place, recording the appointment and its entry in the bookings ledger (我的预约)
    // commit together: if any insert fails, the rollback gives the place back, so `booked` always
    // equals the number of active bookings and the ledger never lists a booking that is not there.
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      const appointments = new AppointmentsRepository(trx);
      await appointments.lockUser(userId);
      if (await appointments.hasActiveOnDay(userId, body.itemId, slot.day)) throw conflict(E.DUPLICATE_BOOKING, '您已预约该事项当天的号源');
      if (!(await new SlotsRepository(trx).takePlace(slot.id))) throw conflict(E.SLOT_FULL, '该时段已约满，请选择其他时段');
      for (let attempt = 1; ; attempt++) {
        const code = appointmentCode(slot.day);
        try {
          const appointmentId = await appointments.insert({ code, user_id: userId, slot_id: slot.id, item_id: body.itemId, created_at: nowIso() });
          await this.bookings.record(itemBooking({ appointmentId, code, userId, itemName: item.name, hall, slot }), trx);
          return appointmentId;
        } catch (err) {
          // A failed INSERT is undone on its own (statement-level) on both databases; the place
          // taken above stays held for the retry.
          if (!isUniqueViolation(err) || attempt >= CODE_ATTEMPTS) throw err;
        }
      }
    });
    const row = await new AppointmentsRepository(this.ctx.db).findDetail(id);
    if (!row) throw notFound('预约不存在');
    return toAppointmentView(row, this.clock());
  }

  async mine(userId: number): Promise<AppointmentView[]> {
    const now = this.clock();
    return (await new AppointmentsRepository(this.ctx.db).listOfUser(userId, MY_LIMIT)).map((r) => toAppointmentView(r, now));
  }

  async cancel(userId: number, id: number): Promise<AppointmentView> {
    const repo = new AppointmentsRepository(this.ctx.db);
    const row = await repo.findDetail(id);
    // Someone else's booking answers exactly like a missing one: ids reveal nothing.
    if (!row || row.user_id !== userId) throw notFound('预约不存在');
    if (row.status === 'cancelled') throw conflict(E.ALREADY_CANCELLED, '该预约已取消，无需重复操作');
    const now = this.clock();
    if (instantOf(row.day, row.end_time) <= now) throw conflict(E.CANCEL_TOO_LATE, '预约时间已过，无法取消');
    if (now > instantOf(row.day, row.start_time) - CANCEL_CUTOFF_MS) throw conflict(E.CANCEL_TOO_LATE, '距预约时间不足2小时，无法取消，请联系窗口');

    await this.ctx.db.transaction().execute(async (trx) => {
      // The status change is conditional, so a double tap gives the place back only once.
      if (!(await new AppointmentsRepository(trx).markCancelled(id, nowIso()))) throw conflict(E.ALREADY_CANCELLED, '该预约已取消，无需重复操作');
      await new SlotsRepository(trx).givePlace(row.slot_id);
      // The ledger entry follows; it is confirmed (never held), so the core releases nothing itself.
      const entry = await this.bookings.byRef(ITEM_KIND, id, trx);
      if (entry) await this.bookings.markCancelled(entry.id, { refund: 'none' }, trx);
    });
    const after = await repo.findDetail(id);
    if (!after) throw notFound('预约不存在');
    return toAppointmentView(after, this.clock());
  }
}
