/**
 * 预约挂号 / 挂号缴费: a registration is a booking of kind `medical` whose place (a doctor's 号源)
 * the hospital's HIS owns. The order of steps is chosen so a failure leaves nothing behind:
 *
 *   1. lock the place at the HIS (lockRef generated here; the HIS answers the same lock for it, so a
 *      retried call takes one place) — no place → 409 SLOT_FULL, HIS down → 503, and nothing was
 *      written on our side;
 *   2. hold the booking (status held until the lock's expiry); if that fails, the lock is released;
 *   3. create the payment order (purpose `medical`, ref = the booking's code); if that fails, the
 *      booking is expired, which releases the lock;
 *   4. the payment core settles a paid order through the purpose below: HIS confirm → booking
 *      confirmed with 就诊序号 and 取号 details; a lock that expired meanwhile → the order is refunded.
 *
 * A fee of 0 is confirmed at once. Cancelling a held registration closes its order and releases the
 * lock; cancelling a paid one refunds the order through the core, whose `reverse` 退号s at the HIS
 * first — past the hospital's deadline the HIS refuses and no money moves.
 */
import {
  MedicalErrorCodes,
  ORDER_TTL_MINUTES,
  PATIENT_RELATION_NAMES,
  RESERVATION_STATUS_NAMES,
  maskName,
  type CreatePaymentResponse,
  type RegistrationCreated,
  type RegistrationView,
} from '@dz/contracts';
import { EnvelopeCode, type HisLock, type HisLockRequest } from '@dz/partner-protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { BookingRow } from '../../../db/schema.js';
import type { AppContext } from '../../../infra/context.js';
import { AppError, conflict } from '../../../infra/errors.js';
import { beijingStamp, nowIso } from '../../../infra/time.js';
import type { HisConnector, HisMeta } from '../../../partners/connectors/his.js';
import { PartnerRefusal } from '../../../partners/partner-client.js';
import type { BookingsService, ResourceType } from '../../bookings/bookings.service.js';
import type { MessagesService } from '../../messages/messages.service.js';
import type { PaymentPurpose, PaymentsService, PurposeOrder } from '../../payments/payments.service.js';
import type { HospitalsService } from './hospitals.service.js';
import { SELF, type Patient, type PatientsService } from './patients.service.js';

export const KIND = 'medical';
const PURPOSE = '预约挂号';
/** A double tap on 确认挂号 / 取消挂号 is refused while the first one runs (longer than any HIS call). */
const GUARD_MS = 15_000;
const LIST_MAX = 50;

/** What this feature uses of the payments core (interface A of issue 12). */
export type MedicalPayments = Pick<PaymentsService, 'registerPurpose' | 'createOrder' | 'closeOrder' | 'refundOrder'>;

/** The kind's part of a booking's detail JSON. */
interface RegistrationDetail extends Pick<HisLock, 'lockRef' | 'lockId' | 'hospitalId' | 'hospitalName' | 'departmentName' | 'doctorName' | 'doctorTitle' | 'date' | 'period' | 'cancelDeadline'> {
  /** 'HH:MM-HH:MM' */
  time: string;
  patientRelation: string;
  payUrl?: string;
  registrationNo?: string;
  visitNo?: string;
  pickupNote?: string;
}

const detailOf = (b: BookingRow): RegistrationDetail => JSON.parse(b.detail) as RegistrationDetail;

const slotFull = () => conflict(MedicalErrorCodes.SLOT_FULL, '该时段号源已约满，请选择其他时段');
/**
 * The HIS's refusal of a lock (2002) as our 409: no place left is SLOT_FULL in our words; the same
 * person already booked with this doctor on this half-day (perhaps through another account) is
 * DUPLICATE_REGISTRATION; anything else (the session has begun) keeps the HIS's own message.
 */
function lockRefused(message: string): AppError {
  if (message.includes('约满')) return slotFull();
  if (message.includes('已预约')) return conflict(MedicalErrorCodes.DUPLICATE_REGISTRATION, message);
  return conflict(MedicalErrorCodes.SLOT_FULL, message);
}
const notCancellable = () => conflict(MedicalErrorCodes.NOT_CANCELLABLE, '该挂号已取消或已失效，无需再次取消');
const LOCK_GONE = '锁号已过期或已释放，挂号未成功，挂号费将原路退回';

/** Beijing wall time of a 号源 as an instant. */
const instant = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();

function lockRefOf(): string {
  return `ML${beijingStamp()}${Math.floor(Math.random() * 1e6)
    .toString()
    .padStart(6, '0')}`;
}

export interface CallContext {
  requestId: string;
  origin: string;
}

export class RegistrationsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
    private readonly his: HisConnector,
    private readonly hospitals: HospitalsService,
    private readonly patients: PatientsService,
    private readonly bookings: BookingsService,
    private readonly payments: MedicalPayments,
    private readonly messages: Pick<MessagesService, 'notifyUser'>,
  ) {}

  /** 消息中心: the registration's outcome, linking to its page in 我的挂号. Never fails the step it follows. */
  private async tell(b: BookingRow, title: string, body: string): Promise<void> {
    await this.messages.notifyUser({ userId: b.user_id, siteCode: b.site_code, title, body, link: `/me/registrations/${b.id}` }).catch((err: unknown) => this.log.warn({ err, bookingId: b.id }, '挂号消息写入失败'));
  }

  private static when(d: RegistrationDetail): string {
    return `${d.date.slice(5).replace('-', '月')}日${d.period === 'am' ? '上午' : '下午'}`;
  }

  private meta(requestId?: string): HisMeta {
    return this.hospitals.meta(requestId);
  }

  /** The booking kind: the HIS holds the inventory; a held place is released there. */
  resourceType(): ResourceType {
    return {
      kind: KIND,
      owner: 'partner',
      link: (b) => `/me/registrations/${b.id}`,
      release: (b) => this.releaseLock(b),
    };
  }

  /** The payment purpose 挂号费. */
  purpose(): PaymentPurpose {
    return {
      biz: KIND,
      name: '挂号费',
      settle: (o) => this.settle(o),
      reverse: (o, reason) => this.reverse(o, reason),
      closed: (o) => this.closed(o),
      refunded: (o) => this.refunded(o),
    };
  }

  private async releaseLock(b: BookingRow): Promise<void> {
    const d = detailOf(b);
    try {
      await this.his.release(d.lockId, this.meta());
    } catch (err) {
      // Refused: confirmed meanwhile (the settle path undoes that) or already gone. Nothing held.
      if (!(err instanceof PartnerRefusal)) throw err;
    }
    await this.hospitals.touch(d.hospitalId, d.date);
  }

  // ---- creating -------------------------------------------------------------------------------

  private async guard<T>(key: string, busy: () => AppError, run: () => Promise<T>): Promise<T> {
    if (!(await this.ctx.kv.setIfAbsent(key, '1', GUARD_MS))) throw busy();
    try {
      return await run();
    } finally {
      await this.ctx.kv.del(key);
    }
  }

  /** Every held and confirmed registration of the user, newest first. */
  private async activeRows(userId: number): Promise<BookingRow[]> {
    const rows: BookingRow[] = [];
    for (let page = 1; ; page++) {
      const r = await this.bookings.listForUser(userId, { kind: KIND, status: 'active', page, pageSize: LIST_MAX });
      rows.push(...r.rows);
      if (r.rows.length < LIST_MAX || rows.length >= r.total) return rows;
    }
  }

  /** Does the patient hold an active registration (their own or a family member's number)? */
  async patientBusy(userId: number, patientId: number): Promise<boolean> {
    return (await this.activeRows(userId)).some((b) => b.subject_id === patientId);
  }

  async create(userId: number, slotId: string, patientId: number | undefined, call: CallContext): Promise<RegistrationCreated> {
    const pid = patientId ?? SELF;
    const patient = await this.patients.get(userId, pid, PURPOSE);
    // A second registration of one person on one half-day is refused by the HIS, which owns the
    // inventory (2002 已预约 → DUPLICATE_REGISTRATION), double taps and other accounts included; a
    // look-up of our own bookings first would only repeat that check on every registration.
    const meta = this.meta(call.requestId);
    const request = { slotId, patient: { name: patient.name, idNumber: patient.idNumber, phone: patient.phone }, lockRef: lockRefOf(), holdSeconds: ORDER_TTL_MINUTES * 60 };
    let lock: HisLock;
    try {
      lock = await this.his.lock(request, meta);
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === EnvelopeCode.REJECTED) throw lockRefused(err.message);
      if (err instanceof PartnerRefusal && err.partnerCode === EnvelopeCode.NOT_FOUND) throw new AppError(404, MedicalErrorCodes.SLOT_NOT_FOUND, '该号源不存在或已停诊，请重新选择');
      // No answer in time: the HIS may have taken the place all the same. Asking again with the same
      // lockRef finds that lock (or takes one), which is then released, so the place is not held
      // for nobody until the lock's expiry. In the background: the citizen has their answer.
      if (err instanceof AppError && err.statusCode === 503) void this.releaseUnanswered(request, meta);
      throw err;
    }
    await this.hospitals.touch(lock.hospitalId, lock.date);
    const booking = await this.holdBooking(userId, patient, lock).catch(async (err: unknown) => {
      await this.his.release(lock.lockId, meta).catch((e: unknown) => this.log.warn({ err: e, lockId: lock.lockId }, '挂号记录保存失败后释放 HIS 锁号也失败，锁号将在到期后由医院自动释放'));
      throw err;
    });
    if (lock.fee === 0) return this.confirmFree(booking, meta);
    let order: CreatePaymentResponse;
    try {
      order = await this.payments.createOrder({
        userId,
        biz: KIND,
        ref: booking.code,
        items: [slotId],
        amountFen: lock.fee,
        subject: `挂号费 ${lock.hospitalName} ${lock.departmentName} ${lock.doctorName}`,
        channel: 'wechat',
        site: booking.site_code,
        origin: call.origin,
        requestId: call.requestId,
      });
    } catch (err) {
      await this.bookings.expire(booking.id).catch((e: unknown) => this.log.warn({ err: e, bookingId: booking.id }, '支付订单创建失败后释放锁号失败'));
      throw err;
    }
    await this.bookings.attachOrder(booking.id, order.orderId);
    await this.bookings.mergeDetail(booking.id, { payUrl: order.payUrl });
    return { id: booking.id, status: 'held', orderId: order.orderId, payUrl: order.payUrl, expiresAt: order.expiresAt };
  }

  private async releaseUnanswered(request: HisLockRequest, meta: HisMeta): Promise<void> {
    try {
      const lock = await this.his.lock(request, meta);
      await this.his.release(lock.lockId, meta);
      await this.hospitals.touch(lock.hospitalId, lock.date);
    } catch (err) {
      this.log.warn({ err, lockRef: request.lockRef }, '医院系统超时后释放可能已占用的号源失败，该锁号将在到期后由医院自动释放');
    }
  }

  private async holdBooking(userId: number, patient: Patient, lock: HisLock): Promise<BookingRow> {
    const detail: RegistrationDetail = {
      lockRef: lock.lockRef,
      lockId: lock.lockId,
      hospitalId: lock.hospitalId,
      hospitalName: lock.hospitalName,
      departmentName: lock.departmentName,
      doctorName: lock.doctorName,
      doctorTitle: lock.doctorTitle,
      date: lock.date,
      period: lock.period,
      time: `${lock.start}-${lock.end}`,
      patientRelation: patient.relation,
      cancelDeadline: lock.cancelDeadline,
    };
    return this.bookings.hold({
      userId,
      kind: KIND,
      resourceRef: lock.slotId,
      partnerRef: lock.lockId,
      title: `${lock.doctorName} ${lock.doctorTitle}`,
      place: `${lock.hospitalName} ${lock.departmentName}`,
      startsAt: instant(lock.date, lock.start),
      endsAt: instant(lock.date, lock.end),
      subjectName: maskName(patient.name),
      subjectId: patient.id,
      detail: { ...detail },
      siteCode: await this.hospitals.siteOf(lock.hospitalId),
      amountFen: lock.fee,
      holdMs: Math.max(0, Date.parse(lock.expiresAt) - Date.now()),
    });
  }

  private async confirmFree(b: BookingRow, meta: HisMeta): Promise<RegistrationCreated> {
    const outcome = await this.confirmAtHis(b, { orderId: b.code, tradeNo: '', amountFen: 0, paidAt: nowIso() }, meta).catch(async (err: unknown) => {
      await this.bookings.expire(b.id);
      throw err;
    });
    if ('refund' in outcome) throw slotFull();
    return { id: b.id, status: 'confirmed' };
  }

  /**
   * HIS confirm, then held → confirmed here. A lock the HIS no longer has, or a booking that left
   * `held` meanwhile (expired by the sweep, cancelled), ends as `{ refund }` — undone at the HIS
   * first when the HIS had confirmed it.
   */
  private async confirmAtHis(b: BookingRow, paid: { orderId: string; tradeNo: string; amountFen: number; paidAt: string }, meta: HisMeta): Promise<{ receipt: string } | { refund: string }> {
    const d = detailOf(b);
    let reg;
    try {
      reg = await this.his.confirm(d.lockId, paid, meta);
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === EnvelopeCode.REJECTED) {
        await this.bookings.expire(b.id);
        return { refund: LOCK_GONE };
      }
      throw err;
    }
    const extra = { registrationNo: reg.registrationNo, visitNo: reg.visitNo, pickupNote: reg.pickupNote, cancelDeadline: reg.cancelDeadline };
    if (await this.bookings.confirm(b.id, { partnerRef: reg.registrationNo, detail: extra })) {
      await this.tell(b, '挂号成功', `${b.subject_name ?? ''} ${RegistrationsService.when(d)} ${d.hospitalName} ${d.departmentName} ${d.doctorName}，${reg.visitNo}。${reg.pickupNote}`);
      return { receipt: reg.registrationNo };
    }
    const now = await this.bookings.byId(b.id);
    if (now?.status === 'confirmed') return { receipt: now.partner_ref ?? reg.registrationNo };
    await this.his.cancel(reg.registrationNo, '预约已取消或已失效，自动退号', meta);
    await this.hospitals.touch(d.hospitalId, d.date);
    return { refund: '预约已取消或已失效，挂号费将原路退回' };
  }

  // ---- the payment purpose ----------------------------------------------------------------------

  private async bookingOf(o: PurposeOrder): Promise<BookingRow> {
    const b = await this.bookings.byOrder(o.orderId);
    // Thrown, so the core retries: the order is attached right after it is created.
    if (!b) throw new Error(`挂号订单 ${o.orderId} 找不到对应的预约记录`);
    return b;
  }

  private async settle(o: PurposeOrder): Promise<{ receipt: string } | { refund: string }> {
    const b = await this.bookingOf(o);
    if (b.status === 'confirmed') return { receipt: b.partner_ref ?? b.code };
    if (b.status !== 'held') return { refund: '预约已取消或已失效，挂号费将原路退回' };
    return this.confirmAtHis(b, { orderId: o.orderId, tradeNo: o.tradeNo ?? '', amountFen: o.amountFen, paidAt: o.paidAt ?? nowIso() }, this.meta());
  }

  /** 退号 at the HIS before the refund; the hospital's refusal (past its deadline) stops the refund. */
  private async reverse(o: PurposeOrder, reason: string): Promise<void> {
    await this.cancelAtHis(detailOf(await this.bookingOf(o)), reason);
  }

  private async cancelAtHis(d: RegistrationDetail, reason: string): Promise<void> {
    if (!d.registrationNo) return;
    try {
      await this.his.cancel(d.registrationNo, reason, this.meta());
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === EnvelopeCode.REJECTED) throw conflict(MedicalErrorCodes.CANCEL_TOO_LATE, err.message);
      throw err;
    }
    await this.hospitals.touch(d.hospitalId, d.date);
  }

  private async closed(o: PurposeOrder): Promise<void> {
    const b = await this.bookings.byOrder(o.orderId);
    // A citizen's cancel closes the order itself and marks the booking cancelled (not expired).
    if (!b || (await this.ctx.kv.get(cancelKey(b.id)))) return;
    await this.bookings.expire(b.id);
  }

  private async refunded(o: PurposeOrder): Promise<void> {
    const b = await this.bookingOf(o);
    // A refund from the console (or after the lock expired) ends the registration too.
    if (b.status === 'confirmed') await this.bookings.markCancelled(b.id, { refund: 'pending' });
    await this.bookings.setRefund(b.id, 'done');
    const d = detailOf(b);
    await this.tell(b, '挂号已取消，挂号费已退款', `${RegistrationsService.when(d)} ${d.hospitalName} ${d.departmentName} ${d.doctorName} 的挂号已取消，挂号费 ${(o.amountFen / 100).toFixed(2)} 元已原路退回，到账时间以支付渠道为准。`);
  }

  // ---- 我的挂号 ----------------------------------------------------------------------------------

  private async own(userId: number, id: number): Promise<BookingRow> {
    const b = await this.bookings.byId(id);
    if (!b || b.user_id !== userId || b.kind !== KIND) throw new AppError(404, 'NOT_FOUND', '未找到该挂号记录');
    return b;
  }

  view(b: BookingRow): RegistrationView {
    const d = detailOf(b);
    const deadline = d.cancelDeadline || null;
    const cancellable = b.status === 'held' || (b.status === 'confirmed' && (!deadline || Date.parse(deadline) > Date.now()));
    return {
      id: b.id,
      code: b.code,
      status: b.status,
      statusName: RESERVATION_STATUS_NAMES[b.status],
      hospitalId: d.hospitalId,
      hospitalName: d.hospitalName,
      departmentName: d.departmentName,
      doctorName: d.doctorName,
      doctorTitle: d.doctorTitle,
      date: d.date,
      period: d.period,
      time: d.time,
      fee: Number(b.amount_fen),
      patientName: b.subject_name ?? '',
      patientRelation: PATIENT_RELATION_NAMES[d.patientRelation as keyof typeof PATIENT_RELATION_NAMES] ?? d.patientRelation,
      orderId: b.order_id,
      payUrl: b.status === 'held' ? (d.payUrl ?? null) : null,
      holdExpiresAt: b.status === 'held' ? b.hold_expires_at : null,
      visitNo: d.visitNo ?? null,
      pickupNote: d.pickupNote ?? null,
      cancellable,
      cancelDeadline: deadline,
      refundStatus: b.refund_status,
      createdAt: b.created_at,
      cancelledAt: b.cancelled_at,
    };
  }

  async list(userId: number, status: 'unpaid' | 'active' | 'history' | undefined): Promise<RegistrationView[]> {
    const rows = (await this.bookings.listForUser(userId, { kind: KIND, status: status === 'unpaid' ? 'active' : status, pageSize: LIST_MAX })).rows;
    return rows.filter((b) => status !== 'unpaid' || b.status === 'held').map((b) => this.view(b));
  }

  async get(userId: number, id: number): Promise<RegistrationView> {
    return this.view(await this.own(userId, id));
  }

  /**
   * 取消挂号. Held: the order is closed at the gateway first (so it can no longer be paid), then the
   * booking cancelled and the lock released; an order that turns out paid is handled as paid.
   * Confirmed: refunded through the payments core (退号 at the HIS first). One cancel at a time per
   * registration; a second one finds it cancelled (409), so the fee is refunded once.
   */
  async cancel(userId: number, id: number, requestId: string): Promise<RegistrationView> {
    await this.own(userId, id);
    return this.guard(cancelKey(id), () => conflict(MedicalErrorCodes.NOT_CANCELLABLE, '正在取消该挂号，请稍候'), async () => {
      let b = await this.own(userId, id);
      if (b.status === 'held' && b.order_id) {
        const closed = await this.payments.closeOrder(b.order_id, requestId);
        b = await this.own(userId, id);
        if (closed === 'paid' && b.status === 'held') {
          // Paid, not yet settled: settling finds the booking cancelled and refunds the order.
          if (await this.bookings.markCancelled(b.id, { refund: 'pending' })) return this.view(await this.own(userId, id));
          b = await this.own(userId, id);
        }
      }
      if (b.status === 'held') {
        if (!(await this.bookings.markCancelled(b.id, { refund: 'none' }))) throw notCancellable();
      } else if (b.status === 'confirmed') {
        await this.cancelConfirmed(userId, b);
      } else {
        throw notCancellable();
      }
      return this.view(await this.own(userId, id));
    });
  }

  private async cancelConfirmed(userId: number, b: BookingRow): Promise<void> {
    const d = detailOf(b);
    if (d.cancelDeadline && Date.parse(d.cancelDeadline) <= Date.now()) {
      throw conflict(MedicalErrorCodes.CANCEL_TOO_LATE, '已过医院规定的退号时间，无法取消，如需帮助请联系医院');
    }
    if (b.order_id && Number(b.amount_fen) > 0) {
      // reverse (退号) → refund at the gateway → refunded (booking cancelled, refund done).
      await this.payments.refundOrder(b.order_id, '就诊人取消挂号', { kind: 'citizen', userId });
      await this.bookings.markCancelled(b.id, { refund: 'pending' });
      return;
    }
    await this.cancelAtHis(d, '就诊人取消挂号');
    await this.bookings.markCancelled(b.id, { refund: 'none' });
  }
}

const cancelKey = (id: number) => `medical:cancel:${id}`;
