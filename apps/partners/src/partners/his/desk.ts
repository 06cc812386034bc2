/**
 * The HIS's 挂号 desk: the places of each session, the locks the portal takes on them and the
 * registrations they become. The HIS owns the inventory, so a lock takes a numbered place at once;
 * the place comes back when the lock is released, when it expires (checked lazily on every call —
 * the clock is ctx.now(), which tests move) or when the registration is cancelled.
 *
 * Every method runs to completion without awaiting, so within the one sandbox process two requests
 * for the last place cannot both take it: the event loop is the lock.
 */
import { BizCode, type HisCancelResult, type HisConfirmRequest, type HisLock, type HisPatient, type HisRegistration } from '@dz/partner-protocol';
import { departmentOf, hospitalById } from './catalogue.js';
import { CANCEL_BEFORE_MS, PERIOD_NAMES, compactToday, findSession, type Session } from './schedule.js';

export const MESSAGES = {
  slotMissing: '号源不存在或医生已停诊',
  slotStarted: '该时段已开始就诊，停止预约',
  full: '该时段号源已约满',
  duplicate: '该就诊人已预约该医生同一时段',
  lockGone: '锁号已过期，请重新挂号',
  lockMissing: '锁号记录不存在',
  lockConfirmed: '该号源已确认挂号，请通过退号办理',
  amount: '支付金额与挂号费不一致',
  registrationMissing: '挂号记录不存在',
  tooLate: '已超过退号时间（就诊前2小时），请到医院窗口办理',
} as const;

export type Refusal = { code: string; message: string };
export type Outcome<T> = { ok: T } | { refused: Refusal };

const refused = (code: string, message: string): { refused: Refusal } => ({ refused: { code, message } });

interface Places {
  total: number;
  /** Numbers taken outside the portal (the seeded ones, or set by /_control). */
  blocked: Set<number>;
  /** Numbers held by this desk's live locks and registrations. */
  held: Set<number>;
}

type LockStatus = 'held' | 'confirmed' | 'released' | 'expired' | 'cancelled';

interface LockRecord {
  lock: HisLock;
  appKey: string;
  patient: HisPatient;
  number: number;
  status: LockStatus;
  expiresAtMs: number;
  registration?: HisRegistration;
  cancel?: HisCancelResult;
}

const isoOf = (ms: number) => new Date(ms).toISOString();

export class HisDesk {
  private places = new Map<string, Places>();
  private locks = new Map<string, LockRecord>();
  /** `${appKey}|${lockRef}` → lockId: one lock per booking of a caller. */
  private byRef = new Map<string, string>();
  /** `${slotId}|${idNumber}` → lockId of the patient's live lock or registration there. */
  private live = new Map<string, string>();
  private byRegistration = new Map<string, string>();
  /** Locks still held, the only ones expiry has to look at. */
  private heldIds = new Set<string>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  /** The places of a session and how many are left (the seeded counts until someone touches it). */
  count(s: Session): { total: number; remaining: number } {
    this.sweep();
    const p = this.places.get(s.slotId);
    return p ? { total: p.total, remaining: p.total - p.blocked.size - p.held.size } : { total: s.total, remaining: s.total - s.takenBefore };
  }

  lock(appKey: string, req: { slotId: string; patient: HisPatient; lockRef: string; holdSeconds: number }): Outcome<HisLock> {
    this.sweep();
    const known = this.byRef.get(`${appKey}|${req.lockRef}`);
    if (known) return { ok: this.locks.get(known)!.lock };
    const now = this.now();
    const found = findSession(req.slotId, now);
    if ('missing' in found) return refused(BizCode.NOT_FOUND, MESSAGES.slotMissing);
    if ('started' in found) return refused(BizCode.STATE_CONFLICT, MESSAGES.slotStarted);
    const s = found.session;
    const liveKey = `${s.slotId}|${req.patient.idNumber}`;
    if (this.live.has(liveKey)) return refused(BizCode.STATE_CONFLICT, MESSAGES.duplicate);
    const places = this.placesOf(s);
    const number = firstFree(places);
    if (number === undefined) return refused(BizCode.STATE_CONFLICT, MESSAGES.full);

    places.held.add(number);
    const lockId = `LK${compactToday(now)}${String(++this.seq).padStart(6, '0')}`;
    const doc = s.doctor;
    const expiresAtMs = now + req.holdSeconds * 1000;
    const lock: HisLock = {
      lockId,
      lockRef: req.lockRef,
      slotId: s.slotId,
      hospitalId: doc.hospitalId,
      hospitalName: hospitalById(doc.hospitalId)!.name,
      departmentName: departmentOf(doc).name,
      doctorName: doc.name,
      doctorTitle: doc.title,
      date: s.date,
      period: s.period,
      start: s.start,
      end: s.end,
      fee: doc.fee,
      expiresAt: isoOf(expiresAtMs),
      cancelDeadline: isoOf(s.startMs - CANCEL_BEFORE_MS),
    };
    this.locks.set(lockId, { lock, appKey, patient: req.patient, number, status: 'held', expiresAtMs });
    this.byRef.set(`${appKey}|${req.lockRef}`, lockId);
    this.live.set(liveKey, lockId);
    this.heldIds.add(lockId);
    return { ok: lock };
  }

  confirm(appKey: string, lockId: string, paid: HisConfirmRequest): Outcome<HisRegistration> {
    this.sweep();
    const r = this.recordOf(appKey, lockId);
    if (!r) return refused(BizCode.NOT_FOUND, MESSAGES.lockMissing);
    if (r.registration) return { ok: r.registration };
    if (r.status !== 'held') return refused(BizCode.STATE_CONFLICT, MESSAGES.lockGone);
    if (paid.amountFen !== r.lock.fee) return refused(BizCode.AMOUNT_MISMATCH, `${MESSAGES.amount}（挂号费 ${(r.lock.fee / 100).toFixed(2)} 元）`);
    const visitNo = `${PERIOD_NAMES[r.lock.period]} 第${r.number}号`;
    const pickupAt = r.lock.period === 'am' ? '07:30' : '13:30';
    r.registration = {
      registrationNo: `GH${compactToday(this.now())}${String(++this.seq).padStart(6, '0')}`,
      lockId,
      visitNo,
      pickupNote: `请于就诊当日 ${pickupAt} 前凭身份证或医保卡到${r.lock.hospitalName}门诊一楼自助机取号，或到${r.lock.departmentName}分诊台报到；就诊序号 ${visitNo}，过号请重新排队。`,
      cancelDeadline: r.lock.cancelDeadline,
    };
    r.status = 'confirmed';
    this.heldIds.delete(lockId);
    this.byRegistration.set(r.registration.registrationNo, lockId);
    return { ok: r.registration };
  }

  release(appKey: string, lockId: string): Outcome<{ lockId: string; released: true }> {
    this.sweep();
    const r = this.recordOf(appKey, lockId);
    if (!r) return refused(BizCode.NOT_FOUND, MESSAGES.lockMissing);
    if (r.registration) return refused(BizCode.STATE_CONFLICT, MESSAGES.lockConfirmed);
    if (r.status === 'held') this.free(r, 'released');
    return { ok: { lockId, released: true } };
  }

  cancel(appKey: string, registrationNo: string): Outcome<HisCancelResult> {
    this.sweep();
    const lockId = this.byRegistration.get(registrationNo);
    const r = lockId ? this.recordOf(appKey, lockId) : undefined;
    if (!r) return refused(BizCode.NOT_FOUND, MESSAGES.registrationMissing);
    if (r.cancel) return { ok: r.cancel };
    const now = this.now();
    if (now > Date.parse(r.registration!.cancelDeadline)) return refused(BizCode.STATE_CONFLICT, MESSAGES.tooLate);
    r.cancel = { registrationNo, cancelledAt: isoOf(now), refundFen: r.lock.fee };
    this.free(r, 'cancelled');
    return { ok: r.cancel };
  }

  // ---- test control --------------------------------------------------------------------------

  /**
   * Sets the places left in a session; live locks keep theirs, and the session grows when more are
   * asked for than it has (a load test may want hundreds).
   */
  setRemaining(s: Session, remaining: number): { total: number; remaining: number } {
    this.sweep();
    const p = this.placesOf(s);
    p.total = Math.max(p.total, p.held.size + remaining);
    p.blocked.clear();
    const want = Math.max(0, p.total - p.held.size - remaining);
    for (let n = 1; p.blocked.size < want && n <= p.total; n++) if (!p.held.has(n)) p.blocked.add(n);
    return this.count(s);
  }

  /** Expires a held lock now, as if its time had run out; undefined: no such lock. */
  expireNow(lockId: string): { status: LockStatus } | undefined {
    const r = this.locks.get(lockId);
    if (!r) return undefined;
    if (r.status === 'held') r.expiresAtMs = this.now();
    this.sweep();
    return { status: r.status };
  }

  /** Moves a registration's cancel deadline into the past (to test the 退号 rule). */
  passDeadline(registrationNo: string): boolean {
    const r = this.locks.get(this.byRegistration.get(registrationNo) ?? '');
    if (!r?.registration) return false;
    const past = isoOf(this.now() - 1000);
    r.registration = { ...r.registration, cancelDeadline: past };
    r.lock = { ...r.lock, cancelDeadline: past };
    return true;
  }

  reset(): void {
    for (const m of [this.places, this.locks, this.byRef, this.live, this.byRegistration, this.heldIds]) m.clear();
  }

  // ---- internals -----------------------------------------------------------------------------

  private recordOf(appKey: string, lockId: string): LockRecord | undefined {
    const r = this.locks.get(lockId);
    // Locks are per caller: another app key's lock is as unknown as a made-up id.
    return r && r.appKey === appKey ? r : undefined;
  }

  private placesOf(s: Session): Places {
    let p = this.places.get(s.slotId);
    if (!p) {
      p = { total: s.total, blocked: new Set(Array.from({ length: s.takenBefore }, (_, i) => i + 1)), held: new Set() };
      this.places.set(s.slotId, p);
    }
    return p;
  }

  private free(r: LockRecord, status: 'released' | 'expired' | 'cancelled'): void {
    r.status = status;
    this.places.get(r.lock.slotId)?.held.delete(r.number);
    this.live.delete(`${r.lock.slotId}|${r.patient.idNumber}`);
    this.heldIds.delete(r.lock.lockId);
  }

  /** Returns the places of locks whose time ran out. */
  private sweep(): void {
    const now = this.now();
    for (const id of this.heldIds) {
      const r = this.locks.get(id)!;
      if (r.expiresAtMs <= now) this.free(r, 'expired');
    }
  }
}

/** The lowest number of a session nobody holds, or undefined when it is 约满. */
function firstFree(p: Places): number | undefined {
  for (let n = 1; n <= p.total; n++) if (!p.blocked.has(n) && !p.held.has(n)) return n;
  return undefined;
}
