import type { QuotaReservationView } from '@dz/contracts';

/** A day of a <DayStrip>: disabled days say why in `note`; an open day may carry a note too (已约满). */
export interface StripDay {
  date: string;
  disabled?: boolean;
  /** Words under the date: the reason a day cannot be chosen (闭园, 周一闭馆) or what it is like (已约满). */
  note?: string;
}

/** A time slot of a <SlotPicker>: `words` is what is left in words (余 N / 已约满 / 已开始). */
export interface PickSlot {
  id: string;
  start: string;
  end: string;
  disabled: boolean;
  words: string;
  /** Places left, kept in data-remaining for tests and tools; omitted when not known. */
  remaining?: number;
}

/** What differs between a 景点 booking and a 场馆 booking on <QuotaReservationDetail>. */
export interface ReservationKind {
  /** The page title and the prefix of the test ids (res-code, venue-res-code …). */
  title: string;
  testid: string;
  /** The booking system's two calls for the caller's own booking (tourismApi / cultureApi). */
  api: { reservation: (id: string) => Promise<QuotaReservationView>; cancel: (id: number) => Promise<unknown> };
  /** Fact labels of `title`, `place` and the date with its band / slot: 景点 / 场馆, 地点 / 地址, 入园时间 / 预约时间. */
  titleLabel: string;
  placeLabel: string;
  whenLabel: string;
  /** Who the booking is for: 游客 / 预约人. */
  peopleLabel: string;
  /** The QR card's heading, the picture's alternative text and what to do with it at the gate. */
  qrTitle: string;
  qrAlt: string;
  qrHint: string;
  /** The second half of the cancel question, after 取消后名额释放，. */
  cancelNote: string;
  /** The way back to booking another one: its address and words. */
  moreTo: string;
  moreText: string;
}
