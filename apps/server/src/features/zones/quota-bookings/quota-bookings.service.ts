/**
 * The shared half of 景点预约 and 场馆预约 (issue 15): places a reservation system owns (kind `spot`
 * at the 文旅预约平台, kind `venue` at the 场馆预约系统), booked there first and then recorded in
 * the bookings core so 我的预约 lists them with every other kind.
 *
 * - Reserve: the system takes the places in one step (no hold); the core records the booking as
 *   confirmed. Should the record fail, the places are given back at once (cancel at the system).
 * - Cancel: at the system first (it refuses once the slot has started), then `markCancelled`.
 * - The booking QR `DZBK:<code>.<tag>`: the tag is an HMAC-SM3 of the code with the server's key,
 *   so a code cannot be guessed into a valid QR; POST /api/verify asks the system for the status.
 * - The day-before reminder (job `culture.remind`): confirmed bookings starting tomorrow (Beijing)
 *   with `reminded_at` null, through ix_bookings_remind; a conditional UPDATE claims each booking
 *   before its message, so two instances never both send.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { BOOKING_QR_PREFIX, CultureErrorCodes, RESERVATION_STATUS_NAMES, maskIdNumber, maskName, type QuotaReservationCreated, type QuotaReservationView, type VerifyResult } from '@dz/contracts';
import type { QuotaBooking, QuotaSystem, QuotaVisitor } from '@dz/partner-protocol';
import type { BookingRow } from '../../../db/schema.js';
import type { AppContext } from '../../../infra/context.js';
import { AppError } from '../../../infra/errors.js';
import { beijingDay } from '../../../infra/time.js';
import type { QuotaConnector } from '../../../partners/connectors/quota.js';
import type { BookingsService, ResourceType } from '../../bookings/bookings.service.js';
import { invalid } from '../../engine/documents/verifiers.js';
import type { MessagesService } from '../../messages/messages.service.js';

export type QuotaKind = 'spot' | 'venue';
export const SYSTEM_OF: Record<QuotaKind, QuotaSystem> = { spot: 'scenic', venue: 'venues' };
const KIND_NAMES: Record<QuotaKind, string> = { spot: '景点预约', venue: '场馆预约' };
const LINKS: Record<QuotaKind, (id: number) => string> = { spot: (id) => `/tourism/reservations/${id}`, venue: (id) => `/culture/reservations/${id}` };
/** Reminders claimed per run: one pass stays short, the next run takes the rest. */
export const REMIND_BATCH = 500;
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' + 'HH:MM' Beijing → ISO instant (UTC). */
export const beijingInstant = (date: string, hm: string): string => new Date(`${date}T${hm}:00+08:00`).toISOString();

export const reservationNotFound = () => new AppError(404, CultureErrorCodes.RESERVATION_NOT_FOUND, '未找到该预约，请在“我的预约”中查看');

/** What a booking's `detail` holds (JSON). */
export interface QuotaDetail {
  system: QuotaSystem;
  resourceId: string;
  date: string;
  slotId: string;
  start: string;
  end: string;
  visitors: { name: string; idNumberMasked: string }[];
  notice: string;
}

export interface ReserveInput {
  kind: QuotaKind;
  userId: number;
  siteCode: string;
  resourceId: string;
  date: string;
  slotId: string;
  visitors: QuotaVisitor[];
  /** The spot / venue name and its place, as the portal shows them. */
  title: string;
  place: string;
  notice: string;
  /** The portal's own row (scenic_spots.id) or null (a venue is the system's). */
  refId: number | null;
  requestId?: string | undefined;
}

function parseDetail(text: string): QuotaDetail | null {
  try {
    const v = JSON.parse(text) as Partial<QuotaDetail> | null;
    if (!v || typeof v !== 'object' || typeof v.resourceId !== 'string' || typeof v.date !== 'string') return null;
    return { system: v.system ?? 'scenic', resourceId: v.resourceId, date: v.date, slotId: v.slotId ?? '', start: v.start ?? '', end: v.end ?? '', visitors: Array.isArray(v.visitors) ? v.visitors : [], notice: v.notice ?? '' };
  } catch {
    return null;
  }
}

export class QuotaBookingsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
    private readonly quota: QuotaConnector,
    private readonly bookings: BookingsService,
    private readonly messages: MessagesService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The bookings core's view of a kind: partner-owned; a release gives the places back at the system. */
  resourceType(kind: QuotaKind): ResourceType {
    return {
      kind,
      owner: 'partner',
      link: (b) => LINKS[kind](b.id),
      release: async (b) => {
        if (b.partner_ref) await this.quota.cancel(SYSTEM_OF[kind], b.partner_ref, { site: b.site_code });
      },
    };
  }

  /** `DZBK:<code>.<tag>`: the tag binds the code to this server's key. */
  qrText(code: string): string {
    return `${BOOKING_QR_PREFIX}${code}.${this.tag(code)}`;
  }

  private tag(code: string): string {
    return this.ctx.gm.mac(`booking-qr:${code}`).slice(0, 16);
  }

  async reserve(input: ReserveInput): Promise<QuotaReservationCreated & { booking: QuotaBooking; row: BookingRow }> {
    const system = SYSTEM_OF[input.kind];
    const meta = { site: input.siteCode, requestId: input.requestId };
    // One number per attempt: a retry of this call at the system answers the same booking.
    const portalRef = `DZQ-${randomUUID()}`;
    const booking = await this.quota.book(system, { resourceId: input.resourceId, date: input.date, slotId: input.slotId, visitors: input.visitors, portalRef }, meta);
    const detail: QuotaDetail = {
      system,
      resourceId: input.resourceId,
      date: booking.date,
      slotId: booking.slotId,
      start: booking.start,
      end: booking.end,
      // Masked the portal's way (as everywhere it shows an ID number), not the system's.
      visitors: input.visitors.map((v) => ({ name: maskName(v.name), idNumberMasked: maskIdNumber(v.idNumber) })),
      notice: input.notice,
    };
    let row: BookingRow;
    try {
      row = await this.bookings.record({
        userId: input.userId,
        kind: input.kind,
        resourceRef: `${input.resourceId}:${booking.date}:${booking.slotId}`,
        partnerRef: booking.bookingNo,
        title: input.title,
        place: input.place,
        startsAt: beijingInstant(booking.date, booking.start),
        endsAt: beijingInstant(booking.date, booking.end),
        subjectName: input.visitors.length ? `${maskName(input.visitors[0]!.name)}${input.visitors.length > 1 ? ` 等${input.visitors.length}人` : ''}` : null,
        detail: { ...detail },
        siteCode: input.siteCode,
        refId: input.refId,
      });
    } catch (err) {
      // Not recorded here: give the places back so they are not lost to nobody.
      await this.quota.cancel(system, booking.bookingNo, meta).catch((e: unknown) => this.log.error({ err: e, bookingNo: booking.bookingNo }, 'could not give back the places of an unrecorded booking'));
      throw err;
    }
    return { id: row.id, code: row.code, qrText: this.qrText(row.code), booking, row };
  }

  /** The caller's booking of this kind, or 404. */
  async own(userId: number, id: number, kind: QuotaKind): Promise<BookingRow> {
    const row = await this.bookings.byId(id);
    if (!row || row.user_id !== userId || row.kind !== kind) throw reservationNotFound();
    return row;
  }

  view(row: BookingRow): QuotaReservationView {
    const kind = row.kind as QuotaKind;
    const d = parseDetail(row.detail);
    const startMs = Date.parse(row.starts_at);
    return {
      id: row.id,
      code: row.code,
      kind,
      kindName: KIND_NAMES[kind] ?? '预约',
      title: row.title,
      place: row.place,
      date: d?.date ?? beijingDay(startMs),
      start: d?.start ?? '',
      end: d?.end ?? '',
      status: row.status,
      statusName: RESERVATION_STATUS_NAMES[row.status],
      visitors: d?.visitors ?? [],
      qrText: row.status === 'confirmed' ? this.qrText(row.code) : null,
      cancellable: row.status === 'confirmed' && startMs > this.clock(),
      notice: d?.notice ?? '',
      createdAt: row.created_at,
      cancelledAt: row.cancelled_at,
    };
  }

  /**
   * Cancels at the system first (it is the one that knows the slot has started), then here. A
   * booking cancelled already answers as it is, so a double tap does nothing twice.
   */
  async cancel(userId: number, id: number, kind: QuotaKind, requestId?: string): Promise<{ row: BookingRow; changed: boolean }> {
    const row = await this.own(userId, id, kind);
    if (row.status === 'cancelled' || row.status === 'expired') return { row, changed: false };
    if (Date.parse(row.starts_at) <= this.clock()) throw new AppError(409, CultureErrorCodes.SLOT_STARTED, '该时段已开始，预约不能再取消');
    if (row.partner_ref) await this.quota.cancel(SYSTEM_OF[kind], row.partner_ref, { site: row.site_code, requestId });
    const changed = await this.bookings.markCancelled(row.id, { refund: 'none' });
    return { row: (await this.bookings.byId(row.id)) ?? row, changed };
  }

  /** POST /api/verify for prefix DZBK: — valid, cancelled, expired (the date is past) or unknown. */
  async verify(rest: string): Promise<VerifyResult> {
    const unknown = invalid('未查到该预约，请核对二维码是否为本平台的景点或场馆预约码');
    const dot = rest.lastIndexOf('.');
    if (dot <= 0) return unknown;
    const code = rest.slice(0, dot);
    const tag = Buffer.from(rest.slice(dot + 1));
    const want = Buffer.from(this.tag(code));
    if (tag.length !== want.length || !timingSafeEqual(tag, want)) return unknown;
    const row = await this.ctx.db.selectFrom('bookings').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row || (row.kind !== 'spot' && row.kind !== 'venue') || !row.partner_ref) return unknown;
    const kind = row.kind as QuotaKind;
    const known = { kind: KIND_NAMES[kind], holder: row.subject_name, issuedAt: row.created_at, expiresAt: row.ends_at };
    // The system is the owner of the booking's state (a cancel at its own counter counts too).
    const at = await this.quota.booking(SYSTEM_OF[kind], row.partner_ref, { site: row.site_code });
    const details = [
      { label: kind === 'spot' ? '景点' : '场馆', value: row.title },
      { label: '预约号', value: row.code },
      { label: '日期', value: at.date },
      { label: '时段', value: `${at.start}–${at.end}` },
      { label: '人数', value: `${at.visitors.length}人` },
    ];
    if (at.status === 'cancelled' || row.status === 'cancelled') return invalid('该预约已取消', { ...known, details });
    if (at.date < beijingDay(this.clock())) return invalid('该预约日期已过，预约码已失效', { ...known, details });
    if (at.status === 'used') return invalid('该预约已核销入场', { ...known, details });
    return { valid: true, ...known, details };
  }

  /**
   * The reminder run: confirmed spot / venue bookings starting tomorrow (Beijing) not reminded yet.
   * Each is claimed by a conditional UPDATE first (reminded_at still null), so across instances
   * and overlapping runs exactly one message goes out per booking.
   */
  async remind(): Promise<{ reminded: number }> {
    const tomorrow = beijingDay(this.clock() + DAY_MS);
    const from = beijingInstant(tomorrow, '00:00');
    const to = new Date(Date.parse(from) + DAY_MS).toISOString();
    const rows = await this.ctx.db
      .selectFrom('bookings')
      .select(['id', 'user_id', 'kind', 'title', 'place', 'site_code', 'detail', 'starts_at'])
      .where('kind', 'in', ['spot', 'venue'])
      .where('status', '=', 'confirmed')
      .where('starts_at', '>=', from)
      .where('starts_at', '<', to)
      .where('reminded_at', 'is', null)
      .orderBy('starts_at')
      .limit(REMIND_BATCH)
      .execute();
    let reminded = 0;
    const at = new Date(this.clock()).toISOString();
    for (const r of rows) {
      const claimed = await this.ctx.db
        .updateTable('bookings')
        .set({ reminded_at: at })
        .where('id', '=', r.id)
        .where('reminded_at', 'is', null)
        .where('status', '=', 'confirmed')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      const d = parseDetail(r.detail);
      const kind = r.kind as QuotaKind;
      const when = d ? `${d.date} ${d.start}–${d.end}` : r.starts_at;
      await this.messages.notifyUser({
        userId: r.user_id,
        siteCode: r.site_code,
        title: `${KIND_NAMES[kind]}提醒：明天 ${r.title}`,
        body: `您预约的${r.title}（${r.place}）在明天 ${when}，请凭预约码按时入场${kind === 'spot' ? '，入园时请携带游客本人身份证' : '，入馆时请携带本人身份证'}。如不能前往，请在开始前取消预约，以便把名额留给他人。`,
        link: LINKS[kind](r.id),
      });
      reminded++;
    }
    return { reminded };
  }
}
