/**
 * 办事预约 (seed: 办事 → 事项列表 → 办事类型 → 办事预约): service halls, their windows, per-day
 * time slots with a capacity, and the citizen's bookings. Days and times of slots are Beijing
 * time (Asia/Shanghai, UTC+8, no DST) because that is the clock the hall works by; created/
 * cancelled timestamps are ISO-8601 UTC like everywhere else.
 */
import { Type, type Static } from '@sinclair/typebox';

const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const DayString = Type.String({ pattern: DAY_PATTERN, description: '日期 YYYY-MM-DD（北京时间）' });
export const TimeString = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: '时刻 HH:MM（北京时间）' });

export const AppointmentErrorCodes = {
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
  SLOT_FULL: 'SLOT_FULL',
  SLOT_PAST: 'SLOT_PAST',
  SLOT_NOT_FOR_ITEM: 'SLOT_NOT_FOR_ITEM',
  ITEM_NOT_BOOKABLE: 'ITEM_NOT_BOOKABLE',
  DUPLICATE_BOOKING: 'DUPLICATE_BOOKING',
  CANCEL_TOO_LATE: 'CANCEL_TOO_LATE',
  ALREADY_CANCELLED: 'ALREADY_CANCELLED',
  HALL_IN_USE: 'HALL_IN_USE',
  WINDOW_IN_USE: 'WINDOW_IN_USE',
  SLOT_IN_USE: 'SLOT_IN_USE',
  CAPACITY_BELOW_BOOKED: 'CAPACITY_BELOW_BOOKED',
} as const;

/** Cancelling is allowed up to this long before the slot starts (the window plans its staff). */
export const CANCEL_CUTOFF_HOURS = 2;

// ---- citizen ------------------------------------------------------------------------------------

export const HallCard = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  hours: Type.String({ description: '办公时间' }),
  siteCode: Type.String(),
});
export type HallCard = Static<typeof HallCard>;

export const HallListQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '站点代码，默认 511700 达州市；返回本站点及上级站点的大厅' })),
});

export const BookingQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: '起始日期（北京时间），默认今天；早于今天按今天算' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31, default: 7, description: '查询天数' })),
});

export const BookingSlot = Type.Object({
  id: Type.Integer(),
  start: TimeString,
  end: TimeString,
  capacity: Type.Integer(),
  available: Type.Integer({ description: '剩余号源，0 表示已约满' }),
  windowId: Type.Integer(),
  windowName: Type.String(),
});
export const BookingDay = Type.Object({
  day: DayString,
  weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1=星期一 … 7=星期日' }),
  slots: Type.Array(BookingSlot),
});
export const BookingHall = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  hours: Type.String(),
  siteCode: Type.String(),
  days: Type.Array(BookingDay, { description: '只列出有号源的日期' }),
});
export const BookingView = Type.Object({
  item: Type.Object({ id: Type.Integer(), name: Type.String() }),
  from: DayString,
  to: DayString,
  halls: Type.Array(BookingHall),
});
export type BookingView = Static<typeof BookingView>;
export type BookingHall = Static<typeof BookingHall>;

export const AppointmentCreateRequest = Type.Object({
  slotId: Type.Integer({ minimum: 1 }),
  itemId: Type.Integer({ minimum: 1 }),
});
export type AppointmentCreateRequest = Static<typeof AppointmentCreateRequest>;

export const AppointmentStatus = Type.Union([Type.Literal('booked'), Type.Literal('cancelled'), Type.Literal('done')], {
  description: 'booked 已预约 | cancelled 已取消 | done 已过期（预约时段已结束）',
});
export type AppointmentStatus = Static<typeof AppointmentStatus>;

export const AppointmentView = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '预约号：DZ + 预约日期 yymmdd + 6位字母数字' }),
  item: Type.Object({ id: Type.Integer(), name: Type.String() }),
  hall: Type.Object({ id: Type.Integer(), name: Type.String(), address: Type.String(), phone: Type.String() }),
  window: Type.Object({ id: Type.Integer(), name: Type.String() }),
  day: DayString,
  start: TimeString,
  end: TimeString,
  status: AppointmentStatus,
  statusText: Type.String({ description: '已预约 / 已取消 / 已过期' }),
  cancellable: Type.Boolean({ description: `距预约开始不少于${CANCEL_CUTOFF_HOURS}小时的有效预约可取消` }),
  createdAt: Type.String(),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
});
export type AppointmentView = Static<typeof AppointmentView>;

// ---- console ------------------------------------------------------------------------------------

export const AdminHallQuery = Type.Object({
  siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '只看该站点的大厅；默认本站点及下级站点' })),
});

export const HallWriteRequest = Type.Object({
  siteCode: Type.String({ pattern: '^\\d{6}$' }),
  name: Type.String({ minLength: 2, maxLength: 100 }),
  address: Type.String({ minLength: 2, maxLength: 200 }),
  phone: Type.String({ minLength: 5, maxLength: 32, title: '咨询电话', description: '咨询电话，如 0818-2380000' }),
  hours: Type.String({ minLength: 2, maxLength: 100, description: '办公时间，如 工作日 9:00-12:00，14:00-17:00' }),
});
export type HallWriteRequest = Static<typeof HallWriteRequest>;

export const HallUpdateRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
  address: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  phone: Type.Optional(Type.String({ minLength: 5, maxLength: 32 })),
  hours: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
});
export type HallUpdateRequest = Static<typeof HallUpdateRequest>;

export const WindowView = Type.Object({
  id: Type.Integer(),
  hallId: Type.Integer(),
  name: Type.String(),
  itemIds: Type.Array(Type.Integer()),
  items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), bookable: Type.Boolean({ description: '事项是否已开通办事预约' }) })),
});
export type WindowView = Static<typeof WindowView>;

export const AdminHallView = Type.Object({
  id: Type.Integer(),
  siteCode: Type.String(),
  siteName: Type.String(),
  name: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  hours: Type.String(),
  createdAt: Type.String(),
  windows: Type.Array(WindowView),
});
export type AdminHallView = Static<typeof AdminHallView>;

const ItemIds = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500, uniqueItems: true, description: '本窗口办理的事项 id' });

export const WindowWriteRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  itemIds: ItemIds,
});
export type WindowWriteRequest = Static<typeof WindowWriteRequest>;

export const WindowUpdateRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  itemIds: Type.Optional(ItemIds),
});
export type WindowUpdateRequest = Static<typeof WindowUpdateRequest>;

export const SlotTime = Type.Object({
  start: TimeString,
  end: TimeString,
  capacity: Type.Integer({ minimum: 1, maximum: 999, description: '每个时段可预约人数' }),
});

export const SlotGenerateRequest = Type.Object({
  from: DayString,
  to: DayString,
  weekdays: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true, default: [1, 2, 3, 4, 5], description: '1=星期一 … 7=星期日，默认工作日' }),
  ),
  times: Type.Array(SlotTime, { minItems: 1, maxItems: 24 }),
});
export type SlotGenerateRequest = Static<typeof SlotGenerateRequest>;

export const SlotGenerateResponse = Type.Object({
  created: Type.Integer({ description: '新建的时段数' }),
  skipped: Type.Integer({ description: '已存在或已过时而跳过的时段数' }),
});
export type SlotGenerateResponse = Static<typeof SlotGenerateResponse>;

export const AdminSlotQuery = Type.Object({
  hallId: Type.Integer({ minimum: 1 }),
  day: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: '默认今天（北京时间）' })),
  windowId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const AdminSlotView = Type.Object({
  id: Type.Integer(),
  hallId: Type.Integer(),
  windowId: Type.Integer(),
  windowName: Type.String(),
  day: DayString,
  start: TimeString,
  end: TimeString,
  capacity: Type.Integer(),
  booked: Type.Integer({ description: '已预约人数' }),
  available: Type.Integer(),
});
export type AdminSlotView = Static<typeof AdminSlotView>;

export const SlotUpdateRequest = Type.Object({
  capacity: Type.Integer({ minimum: 0, maximum: 999, description: '不能小于已预约人数；设为已预约人数即停止继续预约' }),
});

export const AdminAppointmentQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  hallId: Type.Optional(Type.Integer({ minimum: 1 })),
  day: Type.Optional(DayString),
  status: Type.Optional(AppointmentStatus),
});
export type AdminAppointmentQuery = Static<typeof AdminAppointmentQuery>;

export const AdminAppointmentView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  citizenName: Type.String({ description: '姓名（脱敏）；法人用户为法定代表人' }),
  citizenPhone: Type.String({ description: '手机号（脱敏）' }),
  corpName: Type.Union([Type.String(), Type.Null()]),
  item: Type.Object({ id: Type.Integer(), name: Type.String() }),
  hall: Type.Object({ id: Type.Integer(), name: Type.String() }),
  window: Type.Object({ id: Type.Integer(), name: Type.String() }),
  day: DayString,
  start: TimeString,
  end: TimeString,
  status: AppointmentStatus,
  statusText: Type.String(),
  createdAt: Type.String(),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
});
export type AdminAppointmentView = Static<typeof AdminAppointmentView>;
