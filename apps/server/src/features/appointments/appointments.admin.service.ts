/**
 * 办事预约 in the console: halls, windows and their slots (configured with 'content:write'), and
 * the bookings (viewed with 'case:handle'). Every hall belongs to a site and a staff member acts
 * only inside their own site subtree (组织授权); writes and refusals are audited
 * (等保 2.0 §8.1.4.3 安全审计).
 */
import {
  AppointmentErrorCodes as E,
  maskName,
  maskPhone,
  type AdminAppointmentQuery,
  type AdminAppointmentView,
  type AdminHallView,
  type AdminSlotView,
  type HallUpdateRequest,
  type HallWriteRequest,
  type PagedOf,
  type SlotGenerateRequest,
  type SlotGenerateResponse,
  type WindowUpdateRequest,
  type WindowView,
  type WindowWriteRequest,
} from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../infra/errors.js';
import type { GmCrypto } from '../../infra/gm-crypto.js';
import { nowIso } from '../../infra/time.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SitesService } from '../sites/sites.service.js';
import { hasPermission, StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { deriveStatus, ITEM_GONE } from './appointments.view.js';
import { beijingParts, beijingToday, daysBetween, isValidDay, minutesOf } from './beijing-time.js';
import { HallsRepository, parseItemIds, type HallRow, type WindowRow } from './halls.repository.js';
import { generateSlots } from './slot-generation.js';
import { SlotsRepository, type SlotWithWindow } from './slots.repository.js';

/** Slots are planned at most about a quarter ahead: longer plans outlive the staff rota they assume. */
const MAX_GENERATE_DAYS = 92;

const toSlotView = (s: SlotWithWindow): AdminSlotView => ({
  id: s.id,
  hallId: s.hall_id,
  windowId: s.window_id,
  windowName: s.window_name,
  day: s.day,
  start: s.start_time,
  end: s.end_time,
  capacity: s.capacity,
  booked: s.booked,
  available: Math.max(0, s.capacity - s.booked),
});

export class AppointmentsAdminService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
    private readonly gm: GmCrypto,
    private readonly clock: () => number = Date.now,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  private async siteName(code: string): Promise<string> {
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  /** Hall and slot lists serve both the configurers and the window staff who receive bookings. */
  private async requireViewer(actor: Actor, action: string): Promise<void> {
    if (!hasPermission(actor.staff, 'content:write') && !hasPermission(actor.staff, 'case:handle')) {
      await this.auditor.deny(actor, { action, siteCode: actor.staff.siteCode, summary: '缺少权限 content:write 或 case:handle' }, forbidden());
    }
  }

  private async hallInScope(actor: Actor, id: number, action: string): Promise<HallRow> {
    const hall = await new HallsRepository(this.db).findHall(id);
    if (!hall) throw notFound('大厅不存在或已删除');
    await this.auditor.requireSite(actor, hall.site_code, { action, objectType: 'hall', objectId: id, summary: `越权操作${await this.siteName(hall.site_code)}的大厅 ${hall.name}` });
    return hall;
  }

  private async windowInScope(actor: Actor, id: number, action: string): Promise<{ window: WindowRow; hall: HallRow }> {
    const repo = new HallsRepository(this.db);
    const window = await repo.findWindow(id);
    const hall = window ? await repo.findHall(window.hall_id) : undefined;
    if (!window || !hall) throw notFound('窗口不存在或已删除');
    await this.auditor.requireSite(actor, hall.site_code, { action, objectType: 'hall_window', objectId: id, summary: `越权操作${await this.siteName(hall.site_code)}${hall.name}的${window.name}` });
    return { window, hall };
  }

  private async views(halls: HallRow[]): Promise<AdminHallView[]> {
    const repo = new HallsRepository(this.db);
    const windows = await repo.windowsOf(halls.map((h) => h.id));
    const windowViews = await this.windowViews(windows);
    const names = new Map((await this.sites.list()).map((s) => [s.code, s.name]));
    return halls.map((h) => ({
      id: h.id,
      siteCode: h.site_code,
      siteName: names.get(h.site_code) ?? h.site_code,
      name: h.name,
      address: h.address,
      phone: h.phone,
      hours: h.hours,
      createdAt: h.created_at,
      windows: windowViews.filter((w) => w.hallId === h.id),
    }));
  }

  private async windowViews(windows: WindowRow[]): Promise<WindowView[]> {
    const ids = windows.map((w) => parseItemIds(w.item_ids));
    const items = new Map((await new HallsRepository(this.db).itemsByIds([...new Set(ids.flat())])).map((i) => [i.id, i]));
    return windows.map((w, n) => {
      const itemIds = ids[n] ?? [];
      return {
        id: w.id,
        hallId: w.hall_id,
        name: w.name,
        itemIds,
        items: itemIds.map((id) => {
          const it = items.get(id);
          return { id, name: it?.name ?? ITEM_GONE, bookable: it ? Number(it.bookable) === 1 && it.status === 'online' : false };
        }),
      };
    });
  }

  private async hallView(id: number): Promise<AdminHallView> {
    const hall = await new HallsRepository(this.db).findHall(id);
    if (!hall) throw notFound('大厅不存在或已删除');
    const [view] = await this.views([hall]);
    return view!;
  }

  /** Items a hall's window may serve: the hall site's own and those it inherits from above. */
  private async checkItems(hall: HallRow, itemIds: number[]): Promise<void> {
    if (!itemIds.length) return;
    const found = await new HallsRepository(this.db).itemsByIds(itemIds);
    const missing = itemIds.filter((id) => !found.some((i) => i.id === id));
    if (missing.length) throw badRequest(`事项不存在：${missing.join('、')}，请刷新后重新选择`, { itemIds: '事项不存在' });
    const allowed = await this.sites.ancestry(hall.site_code);
    const foreign = found.filter((i) => !allowed.includes(i.site_code));
    if (foreign.length) throw badRequest(`事项“${foreign.map((i) => i.name).join('”“')}”不属于本站点或上级站点，不能在本大厅预约`, { itemIds: '事项不属于本站点' });
  }

  // ---- halls ------------------------------------------------------------------------------------

  async listHalls(actor: Actor, siteCode?: string): Promise<AdminHallView[]> {
    await this.requireViewer(actor, 'hall.list');
    if (siteCode) await this.auditor.requireSite(actor, siteCode, { action: 'hall.list', objectType: 'site', objectId: siteCode });
    return this.views(await new HallsRepository(this.db).listHalls(siteCode ? [siteCode] : actor.staff.siteCodes));
  }

  async getHall(actor: Actor, id: number): Promise<AdminHallView> {
    await this.requireViewer(actor, 'hall.read');
    await this.hallInScope(actor, id, 'hall.read');
    return this.hallView(id);
  }

  async createHall(actor: Actor, body: HallWriteRequest): Promise<AdminHallView> {
    const target = { action: 'hall.create', objectType: 'hall' };
    if (!(await this.sites.list()).some((s) => s.code === body.siteCode)) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, body.siteCode, target);
    const name = body.name.trim();
    const id = await new HallsRepository(this.db).insertHall({
      site_code: body.siteCode,
      name,
      address: body.address.trim(),
      phone: body.phone.trim(),
      hours: body.hours.trim(),
      created_at: nowIso(),
    });
    await this.auditor.record(actor, { ...target, siteCode: body.siteCode, objectId: id, summary: `在${await this.siteName(body.siteCode)}新建政务服务大厅 ${name}` });
    return this.hallView(id);
  }

  async updateHall(actor: Actor, id: number, body: HallUpdateRequest): Promise<AdminHallView> {
    const hall = await this.hallInScope(actor, id, 'hall.update');
    const next = { name: body.name?.trim() ?? hall.name, address: body.address?.trim() ?? hall.address, phone: body.phone?.trim() ?? hall.phone, hours: body.hours?.trim() ?? hall.hours };
    await new HallsRepository(this.db).updateHall(id, next);
    const labels = { name: '名称', address: '地址', phone: '电话', hours: '办公时间' } as const;
    const changes = (Object.keys(labels) as (keyof typeof labels)[]).filter((k) => next[k] !== hall[k]).map((k) => `${labels[k]}：${hall[k]}→${next[k]}`);
    await this.auditor.record(actor, { action: 'hall.update', siteCode: hall.site_code, objectType: 'hall', objectId: id, summary: `修改大厅 ${hall.name}：${changes.length ? changes.join('；') : '无变化'}` });
    return this.hallView(id);
  }

  async deleteHall(actor: Actor, id: number): Promise<void> {
    const hall = await this.hallInScope(actor, id, 'hall.delete');
    // Bookings are records the citizen and the hall both rely on (我的预约, 预约号 at the window):
    // a hall that has any stays, and stops taking bookings by having its windows' items cleared.
    const used = await new AppointmentsRepository(this.db).countFor({ hallId: id });
    if (used > 0) throw conflict(E.HALL_IN_USE, `该大厅已有${used}条预约记录，不能删除；如需停止预约，请清空各窗口的办理事项`);
    await this.db.transaction().execute((trx) => new HallsRepository(trx).deleteHall(id));
    await this.auditor.record(actor, { action: 'hall.delete', siteCode: hall.site_code, objectType: 'hall', objectId: id, summary: `删除政务服务大厅 ${hall.name}` });
  }

  // ---- windows ----------------------------------------------------------------------------------

  async createWindow(actor: Actor, hallId: number, body: WindowWriteRequest): Promise<WindowView> {
    const hall = await this.hallInScope(actor, hallId, 'window.create');
    await this.checkItems(hall, body.itemIds);
    const repo = new HallsRepository(this.db);
    const name = body.name.trim();
    const id = await repo.insertWindow({ hall_id: hallId, name, item_ids: body.itemIds });
    await this.auditor.record(actor, { action: 'window.create', siteCode: hall.site_code, objectType: 'hall_window', objectId: id, summary: `在${hall.name}新建窗口 ${name}（办理${body.itemIds.length}个事项）` });
    const [view] = await this.windowViews([(await repo.findWindow(id))!]);
    return view!;
  }

  async updateWindow(actor: Actor, id: number, body: WindowUpdateRequest): Promise<WindowView> {
    const { window, hall } = await this.windowInScope(actor, id, 'window.update');
    if (body.itemIds) await this.checkItems(hall, body.itemIds);
    const repo = new HallsRepository(this.db);
    const name = body.name?.trim();
    await repo.updateWindow(id, { ...(name !== undefined ? { name } : {}), ...(body.itemIds ? { itemIds: body.itemIds } : {}) });
    const changes: string[] = [];
    if (name !== undefined && name !== window.name) changes.push(`名称：${window.name}→${name}`);
    if (body.itemIds) changes.push(`办理事项：[${parseItemIds(window.item_ids).join(',')}]→[${body.itemIds.join(',')}]`);
    await this.auditor.record(actor, { action: 'window.update', siteCode: hall.site_code, objectType: 'hall_window', objectId: id, summary: `修改${hall.name}的${window.name}：${changes.length ? changes.join('；') : '无变化'}` });
    const [view] = await this.windowViews([(await repo.findWindow(id))!]);
    return view!;
  }

  async deleteWindow(actor: Actor, id: number): Promise<void> {
    const { window, hall } = await this.windowInScope(actor, id, 'window.delete');
    const used = await new AppointmentsRepository(this.db).countFor({ windowId: id });
    if (used > 0) throw conflict(E.WINDOW_IN_USE, `该窗口已有${used}条预约记录，不能删除；如需停止预约，请清空它的办理事项`);
    await this.db.transaction().execute((trx) => new HallsRepository(trx).deleteWindow(id));
    await this.auditor.record(actor, { action: 'window.delete', siteCode: hall.site_code, objectType: 'hall_window', objectId: id, summary: `删除${hall.name}的${window.name}` });
  }

  // ---- slots ------------------------------------------------------------------------------------

  async generate(actor: Actor, windowId: number, body: SlotGenerateRequest): Promise<SlotGenerateResponse> {
    const { window, hall } = await this.windowInScope(actor, windowId, 'slot.generate');
    if (!isValidDay(body.from)) throw badRequest('开始日期不正确', { from: '日期不正确' });
    if (!isValidDay(body.to)) throw badRequest('结束日期不正确', { to: '日期不正确' });
    const now = this.clock();
    if (body.from < beijingToday(now)) throw badRequest('开始日期不能早于今天', { from: '不能早于今天' });
    const span = daysBetween(body.from, body.to);
    if (span < 0) throw badRequest('结束日期不能早于开始日期', { to: '不能早于开始日期' });
    if (span >= MAX_GENERATE_DAYS) throw badRequest(`一次最多生成${MAX_GENERATE_DAYS}天的号源，请缩短日期范围`, { to: '日期范围过长' });
    const times = [...body.times].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const [i, t] of times.entries()) {
      if (minutesOf(t.end) <= minutesOf(t.start)) throw badRequest(`时段 ${t.start}-${t.end} 的结束时间须晚于开始时间`, { times: '结束时间须晚于开始时间' });
      const prev = times[i - 1];
      if (prev && minutesOf(t.start) < minutesOf(prev.end)) throw badRequest(`时段 ${prev.start}-${prev.end} 与 ${t.start}-${t.end} 重叠，请调整`, { times: '时段重叠' });
    }
    const weekdays = body.weekdays ?? [1, 2, 3, 4, 5];
    const result = await generateSlots(this.db, window, { from: body.from, to: body.to, weekdays, times }, now);
    await this.auditor.record(actor, {
      action: 'slot.generate',
      siteCode: hall.site_code,
      objectType: 'hall_window',
      objectId: windowId,
      summary: `为${hall.name}${window.name}生成号源 ${body.from}~${body.to}（星期${weekdays.join('、')}；${times.map((t) => `${t.start}-${t.end}×${t.capacity}`).join('，')}）：新增${result.created}个，跳过${result.skipped}个`,
    });
    return result;
  }

  async listSlots(actor: Actor, query: { hallId: number; day?: string | undefined; windowId?: number | undefined }): Promise<AdminSlotView[]> {
    await this.requireViewer(actor, 'slot.list');
    await this.hallInScope(actor, query.hallId, 'slot.list');
    if (query.day !== undefined && !isValidDay(query.day)) throw badRequest('日期不正确', { day: '日期不正确' });
    const rows = await new SlotsRepository(this.db).listOfHall(query.hallId, query.day ?? beijingToday(this.clock()), query.windowId);
    return rows.map(toSlotView);
  }

  private async slotInScope(actor: Actor, id: number, action: string) {
    const slot = await new SlotsRepository(this.db).findWithWindow(id);
    if (!slot) throw notFound('该时段不存在或已删除');
    const hall = await this.hallInScope(actor, slot.hall_id, action);
    return { slot, hall };
  }

  async updateSlot(actor: Actor, id: number, capacity: number): Promise<AdminSlotView> {
    const { slot, hall } = await this.slotInScope(actor, id, 'slot.update');
    const repo = new SlotsRepository(this.db);
    if (!(await repo.setCapacity(id, capacity))) {
      const current = await repo.findById(id);
      throw new AppError(409, E.CAPACITY_BELOW_BOOKED, `该时段已有${current?.booked ?? slot.booked}人预约，容量不能小于已预约人数`);
    }
    await this.auditor.record(actor, {
      action: 'slot.update',
      siteCode: hall.site_code,
      objectType: 'slot',
      objectId: id,
      summary: `调整${hall.name}${slot.window_name} ${slot.day} ${slot.start_time}-${slot.end_time} 的容量：${slot.capacity}→${capacity}`,
    });
    const after = await repo.findWithWindow(id);
    if (!after) throw notFound('该时段不存在或已删除');
    return toSlotView(after);
  }

  async deleteSlot(actor: Actor, id: number): Promise<void> {
    const { slot, hall } = await this.slotInScope(actor, id, 'slot.delete');
    if (!(await new SlotsRepository(this.db).deleteIfUnused(id))) {
      throw conflict(E.SLOT_IN_USE, '该时段已有预约记录，不能删除；如需停止预约，请把容量调整为已预约人数');
    }
    await this.auditor.record(actor, { action: 'slot.delete', siteCode: hall.site_code, objectType: 'slot', objectId: id, summary: `删除${hall.name}${slot.window_name} ${slot.day} ${slot.start_time}-${slot.end_time} 的号源` });
  }

  // ---- bookings ---------------------------------------------------------------------------------

  async listAppointments(actor: Actor, query: AdminAppointmentQuery): Promise<PagedOf<AdminAppointmentView>> {
    if (query.hallId !== undefined) await this.hallInScope(actor, query.hallId, 'appointment.list');
    if (query.day !== undefined && !isValidDay(query.day)) throw badRequest('日期不正确', { day: '日期不正确' });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const now = this.clock();
    const { day: today, time: nowTime } = beijingParts(now);
    const { rows, total } = await new AppointmentsRepository(this.db).adminList(
      { siteCodes: actor.staff.siteCodes, hallId: query.hallId, day: query.day, status: query.status, today, nowTime },
      (page - 1) * pageSize,
      pageSize,
    );
    const items = rows.map((r): AdminAppointmentView => {
      const name = this.gm.decryptNullable(r.name_enc);
      const phone = this.gm.decryptNullable(r.phone_enc);
      const { status, statusText } = deriveStatus(r, now);
      return {
        id: r.id,
        code: r.code,
        // Window staff need only enough to recognise the person with their ID card in hand
        // (GB/T 35273 §6.2 去标识化).
        citizenName: name ? maskName(name) : '（已注销）',
        citizenPhone: phone ? maskPhone(phone) : '',
        corpName: r.corp_name,
        item: { id: r.item_id, name: r.item_name ?? ITEM_GONE },
        hall: { id: r.hall_id, name: r.hall_name },
        window: { id: r.window_id, name: r.window_name },
        day: r.day,
        start: r.start_time,
        end: r.end_time,
        status,
        statusText,
        createdAt: r.created_at,
        cancelledAt: r.cancelled_at,
      };
    });
    return { items, total, page, pageSize };
  }
}
