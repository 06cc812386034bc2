/**
 * The bookings core (issue 12): one ledger of places in time a citizen holds, whatever owns the
 * inventory — an item's hall window (ours), a doctor's 号源 (the hospital's HIS), a scenic spot's
 * band or a library room (next issues). A partner-owned place is locked at the partner first, paid
 * for, then confirmed; a lock not paid for within its time is released.
 *
 * GET /api/me/reservations (我的预约) lists every kind from this one ledger.
 */
import { Type, type Static } from '@sinclair/typebox';

export const RESERVATION_KINDS = ['item', 'medical', 'spot', 'venue'] as const;
export type ReservationKind = (typeof RESERVATION_KINDS)[number];
export const RESERVATION_KIND_NAMES: Record<ReservationKind, string> = { item: '办事预约', medical: '预约挂号', spot: '景点预约', venue: '场馆预约' };

export const ReservationStatus = Type.Union([Type.Literal('held'), Type.Literal('confirmed'), Type.Literal('cancelled'), Type.Literal('expired')], {
  description: 'held 待支付（已锁定） | confirmed 已预约 | cancelled 已取消 | expired 已失效（未按时支付）',
});
export type ReservationStatus = Static<typeof ReservationStatus>;
export const RESERVATION_STATUS_NAMES: Record<ReservationStatus, string> = { held: '待支付', confirmed: '已预约', cancelled: '已取消', expired: '已失效' };

export const RefundStatus = Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('done')], { description: '退款：none 无 | pending 退款中 | done 已退款' });
export type RefundStatus = Static<typeof RefundStatus>;

/** One entry of 我的预约. */
export const ReservationView = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '预约编号' }),
  kind: Type.String({ description: 'item | medical | spot | venue' }),
  kindName: Type.String(),
  title: Type.String({ description: '预约的对象：事项、医生、景点、场馆' }),
  place: Type.String({ description: '地点：大厅窗口、医院科室、景区' }),
  startsAt: Type.String({ description: '开始时间 ISO-8601' }),
  endsAt: Type.Union([Type.String(), Type.Null()]),
  status: ReservationStatus,
  statusName: Type.String(),
  subjectName: Type.Union([Type.String(), Type.Null()], { description: '为谁预约（脱敏）' }),
  amountFen: Type.Integer(),
  refundStatus: RefundStatus,
  holdExpiresAt: Type.Union([Type.String(), Type.Null()], { description: '待支付时，锁定到期时间' }),
  orderId: Type.Union([Type.String(), Type.Null()]),
  /** The H5 route of the kind's own detail page. */
  link: Type.String(),
  createdAt: Type.String(),
});
export type ReservationView = Static<typeof ReservationView>;

export const ReservationListQuery = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 16, title: '预约类型' })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('history')], { title: '状态', description: 'active 待支付与已预约 | history 已取消与已失效' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});
export type ReservationListQuery = Static<typeof ReservationListQuery>;

export const ReservationListResponse = Type.Object({ items: Type.Array(ReservationView), total: Type.Integer() });
export type ReservationListResponse = Static<typeof ReservationListResponse>;
