/**
 * The bookings core (issue 12): one ledger of places in time a citizen holds, whoever owns the
 * inventory. A feature registers its kind (`registerType`) and writes through this service:
 * - a place we own and give at once (办事预约) is `record`ed as confirmed;
 * - a place a partner owns (a doctor's 号源 at the HIS) is locked there first, `hold` here with a
 *   deadline, paid for, then `confirm`ed; a hold not confirmed in time is expired by the sweep job,
 *   which asks the kind to `release` the place at its owner.
 * 我的预约 (GET /api/me/reservations) reads only this ledger, so every kind shows there.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { RESERVATION_KIND_NAMES, RESERVATION_STATUS_NAMES, type ReservationKind, type ReservationListQuery, type ReservationListResponse, type ReservationView } from '@dz/contracts';
import type { BookingRow, DB } from '../../db/schema.js';
import { beijingDay } from '../../infra/time.js';
import { isUniqueViolation } from '../auth/users.repository.js';
import { bookingCode } from './booking-code.js';
import { BookingsRepository } from './bookings.repository.js';

export type { BookingRow };

export interface ResourceType {
  /** 'item' | 'medical' | … */
  kind: string;
  /** Who holds the inventory: we do (slot counters) or a partner does (the HIS). */
  owner: 'local' | 'partner';
  /** H5 route of the kind's own detail page (e.g. /me/registrations/12). */
  link(b: BookingRow): string;
  /** Free a held place at its owner (HIS lock release / local count). Idempotent. Called on expiry and on cancel of a held booking. */
  release(b: BookingRow): Promise<void>;
}

export interface RecordInput {
  userId: number;
  kind: string;
  /** The place as its owner names it (a slot id). */
  resourceRef: string;
  /** The partner's number for the lock or the booking. */
  partnerRef?: string | null | undefined;
  title: string;
  place: string;
  /** ISO-8601 instant the booked time starts. */
  startsAt: string;
  endsAt?: string | null | undefined;
  /** Who the place is for, already masked for display (张*). */
  subjectName?: string | null | undefined;
  subjectId?: number | null | undefined;
  /** What the kind needs besides (doctor, patient, 取号 details); stored as JSON. */
  detail?: Record<string, unknown> | undefined;
  siteCode: string;
  amountFen?: number | undefined;
  /** The row of the kind's own table (appointments.id for kind item). */
  refId?: number | null | undefined;
  /** A number the kind already gave the citizen (办事预约's 预约号), so both places show the same one. */
  code?: string | undefined;
}

export interface HoldInput extends Omit<RecordInput, 'refId' | 'code'> {
  amountFen: number;
  /** How long the lock lasts before the sweep expires it and releases the place. */
  holdMs: number;
  refId?: number | null | undefined;
}

export interface BookingListOptions {
  kind?: string | undefined;
  status?: 'active' | 'history' | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** Codes the core makes itself start with DZ, like 办事预约's, so people see one kind of number. */
const CODE_PREFIX = 'DZ';
/** Collisions of the 6-symbol tail are ~1 in 10⁹; a couple of retries make them harmless. */
const CODE_ATTEMPTS = 3;
/** Held bookings expired per sweep: one pass stays short; the next pass (30 s later) takes the rest. */
export const EXPIRE_BATCH = 200;
/** Where a booking of a kind nobody registered (a feature switched off) links to. */
const FALLBACK_LINK = '/me/appointments';
/** A merge racing another merge re-reads and tries again; more than a few clashes is a bug. */
const MERGE_ATTEMPTS = 5;

const parseDetail = (text: string): Record<string, unknown> => {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export class BookingsService {
  private readonly types = new Map<string, ResourceType>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: FastifyBaseLogger,
    private readonly clock: () => number = Date.now,
  ) {}

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  registerType(t: ResourceType): void {
    if (this.types.has(t.kind)) throw new Error(`booking kind ${t.kind} registered twice`);
    this.types.set(t.kind, t);
  }

  private type(kind: string): ResourceType {
    const t = this.types.get(kind);
    // A programming error (the feature did not register its kind), not a citizen's.
    if (!t) throw new Error(`booking kind ${kind} is not registered`);
    return t;
  }

  /** Locks a place for a while: status held, the deadline in hold_expires_at. */
  async hold(input: HoldInput, db?: Transaction<DB>): Promise<BookingRow> {
    const { holdMs, ...rest } = input;
    return this.insert(rest, 'held', new Date(this.clock() + holdMs).toISOString(), db);
  }

  /**
   * A booking confirmed at once (a local place such as 办事预约). Pass the caller's transaction to
   * commit it with the place it takes.
   */
  async record(input: RecordInput, db?: Transaction<DB>): Promise<BookingRow> {
    return this.insert(input, 'confirmed', null, db);
  }

  private async insert(input: RecordInput, status: 'held' | 'confirmed', holdExpiresAt: string | null, db?: Transaction<DB>): Promise<BookingRow> {
    const type = this.type(input.kind);
    const repo = new BookingsRepository(db ?? this.db);
    const at = this.now();
    const day = beijingDay(Date.parse(input.startsAt));
    for (let attempt = 1; ; attempt++) {
      try {
        const id = await repo.insert({
          code: input.code !== undefined && attempt === 1 ? input.code : bookingCode(CODE_PREFIX, day),
          user_id: input.userId,
          kind: input.kind,
          owner: type.owner,
          resource_ref: input.resourceRef,
          ref_id: input.refId ?? null,
          partner_ref: input.partnerRef ?? null,
          status,
          hold_expires_at: holdExpiresAt,
          order_id: null,
          amount_fen: input.amountFen ?? 0,
          title: input.title,
          place: input.place,
          starts_at: input.startsAt,
          ends_at: input.endsAt ?? null,
          subject_name: input.subjectName ?? null,
          subject_id: input.subjectId ?? null,
          detail: JSON.stringify(input.detail ?? {}),
          site_code: input.siteCode,
          created_at: at,
          updated_at: at,
          confirmed_at: status === 'confirmed' ? at : null,
          cancelled_at: null,
        });
        const row = await repo.byId(id);
        if (!row) throw new Error(`booking ${id} vanished after insert`);
        return row;
      } catch (err) {
        // A failed INSERT is undone on its own (statement-level) on both databases, so a caller's
        // transaction stays usable for the retry.
        if (!isUniqueViolation(err) || attempt >= CODE_ATTEMPTS) throw err;
      }
    }
  }

  async attachOrder(id: number, orderId: string): Promise<void> {
    await new BookingsRepository(this.db).setOrder(id, orderId, this.now());
  }

  /** held → confirmed (paid, confirmed at the owner); false when it is no longer held (expired, cancelled, confirmed already). */
  async confirm(id: number, values: { partnerRef?: string | undefined; detail?: Record<string, unknown> | undefined } = {}): Promise<boolean> {
    const repo = new BookingsRepository(this.db);
    for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
      const row = await repo.byId(id);
      if (!row || row.status !== 'held') return false;
      const detail = JSON.stringify({ ...parseDetail(row.detail), ...values.detail });
      if (await repo.confirm(id, { partner_ref: values.partnerRef, before: row.detail, detail, at: this.now() })) return true;
    }
    throw new Error(`booking ${id}: detail kept changing while confirming`);
  }

  /** held → expired, then the kind releases the place at its owner. False (and no release) when it was not held. */
  async expire(id: number): Promise<boolean> {
    const repo = new BookingsRepository(this.db);
    if (!(await repo.expire(id, this.now()))) return false;
    const row = await repo.byId(id);
    if (row) await this.release(row);
    return true;
  }

  /**
   * held | confirmed → cancelled. A held place is released at its owner here; a confirmed one is
   * the kind's to undo (退号, the refund through the payments core) before or after this call.
   * False when it was cancelled or expired already, so a double tap changes nothing twice.
   * With the caller's transaction (`db`), the status change commits with the caller's own; a held
   * place's release still goes to its owner at once, since an owner's lock is not transactional.
   */
  async markCancelled(id: number, opts: { refund: 'none' | 'pending' }, db?: Transaction<DB>): Promise<boolean> {
    const repo = new BookingsRepository(db ?? this.db);
    // Two tries: a held booking may be confirmed between our read and our UPDATE.
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = await repo.byId(id);
      if (!row || (row.status !== 'held' && row.status !== 'confirmed')) return false;
      if (await repo.cancel(id, row.status, opts.refund, this.now())) {
        if (row.status === 'held') await this.release(row);
        return true;
      }
    }
    return false;
  }

  async setRefund(id: number, refund: 'pending' | 'done'): Promise<void> {
    await new BookingsRepository(this.db).setRefund(id, refund, this.now());
  }

  byId(id: number): Promise<BookingRow | undefined> {
    return new BookingsRepository(this.db).byId(id);
  }

  byOrder(orderId: string): Promise<BookingRow | undefined> {
    return new BookingsRepository(this.db).byOrder(orderId);
  }

  /** The booking that mirrors a row of the kind's own table (办事预约: the appointment). */
  byRef(kind: string, refId: number, db?: Transaction<DB>): Promise<BookingRow | undefined> {
    return new BookingsRepository(db ?? this.db).byRef(kind, refId);
  }

  /** Adds keys to the booking's detail, keeping the others (取号 details after confirming, a refund's number …). */
  async mergeDetail(id: number, patch: Record<string, unknown>): Promise<void> {
    const repo = new BookingsRepository(this.db);
    for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
      const row = await repo.byId(id);
      if (!row) return;
      if (await repo.replaceDetail(id, row.detail, JSON.stringify({ ...parseDetail(row.detail), ...patch }), this.now())) return;
    }
    throw new Error(`booking ${id}: detail kept changing while merging`);
  }

  /** A user's bookings of every kind (or one), newest first. */
  listForUser(userId: number, opts: BookingListOptions = {}): Promise<{ rows: BookingRow[]; total: number }> {
    const page = opts.page ?? 1;
    const pageSize = opts.pageSize ?? 20;
    return new BookingsRepository(this.db).listForUser(userId, { kind: opts.kind, status: opts.status }, (page - 1) * pageSize, pageSize);
  }

  /** 我的预约. */
  async reservations(userId: number, query: ReservationListQuery): Promise<ReservationListResponse> {
    const { rows, total } = await this.listForUser(userId, query);
    return { items: rows.map((r) => this.view(r)), total };
  }

  view(b: BookingRow): ReservationView {
    return {
      id: b.id,
      code: b.code,
      kind: b.kind,
      kindName: RESERVATION_KIND_NAMES[b.kind as ReservationKind] ?? '预约',
      title: b.title,
      place: b.place,
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      status: b.status,
      statusName: RESERVATION_STATUS_NAMES[b.status],
      subjectName: b.subject_name,
      amountFen: Number(b.amount_fen),
      refundStatus: b.refund_status,
      holdExpiresAt: b.hold_expires_at,
      orderId: b.order_id,
      link: this.types.get(b.kind)?.link(b) ?? FALLBACK_LINK,
      createdAt: b.created_at,
    };
  }

  /**
   * The sweep: expires held bookings whose lock ran out and releases their places. Each expiry is
   * its own conditional UPDATE, so a payment confirming the same booking at the same moment either
   * wins (and the booking stays) or finds it expired. A release that fails is logged and reported
   * after the batch (the job shows the error); the booking stays expired either way, and a
   * partner's lock also times out at the partner, so the place is not lost for good.
   */
  async expireOverdue(): Promise<{ expired: number }> {
    const rows = await new BookingsRepository(this.db).overdueHolds(this.now(), EXPIRE_BATCH);
    let expired = 0;
    const errors: unknown[] = [];
    for (const row of rows) {
      try {
        if (await this.expire(row.id)) expired++;
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) {
      const why = errors.map((e) => (e instanceof Error ? e.message : String(e))).join('；');
      throw new AggregateError(errors, `释放 ${errors.length} 个超时未支付的预约锁定失败：${why}`);
    }
    return { expired };
  }

  private async release(row: BookingRow): Promise<void> {
    const type = this.types.get(row.kind);
    if (!type) {
      this.log.warn({ bookingId: row.id, kind: row.kind }, 'booking of an unregistered kind: nothing to release');
      return;
    }
    await type.release(row);
  }
}
